/*
 * ui_exec.c: running other programs from the interface (the browser, a
 * command the user typed) and writing an article to a file.
 *
 * Must never hand a string from a feed to a shell: a URL is one argv
 * element of the browser, run with execvp; article text reaches a piped
 * command on its standard input only. The terminal is given back to curses
 * after every child, whatever the child did.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "str.h"
#include "ui_int.h"
#include "util.h"

#define UI_MAX_NAME 80		/* bytes of a saved file's name */

const char *
ui_browser_command(const char *browser, const char **source)
{
	const char *env = getenv("BROWSER");

	if (browser != NULL && *browser != '\0') {
		*source = "browser in the config";
		return browser;
	}
	if (env != NULL && *env != '\0') {
		*source = "$BROWSER";
		return env;
	}
	*source = "the default browser";
	return "xdg-open";
}

int
ui_browser_background(const char *browser)
{
	const char *source;
	char *cmd = xstrdup(ui_browser_command(browser, &source)), *p;
	int flags;

	if ((p = strchr(cmd, ':')) != NULL)
		*p = '\0';
	flags = conf_command_tail(cmd);
	free(cmd);
	return (flags & CONF_TAIL_BACKGROUND) != 0;
}

char **
ui_browser_argv(const char *browser, const char *url, char *err,
    size_t errlen)
{
	const char *source, *cmd0 = ui_browser_command(browser, &source);
	char **argv, **words, *cmd, *p, *hit, why[128], *shown;
	size_t n = 0, i;
	int have_url = 0;

	cmd = xstrdup(cmd0);
	/* $BROWSER may list alternatives separated by colons: take one. */
	if ((p = strchr(cmd, ':')) != NULL)
		*p = '\0';
	/* " >/dev/null 2>&1 &": ui_browser_background() says what it meant. */
	conf_command_tail(cmd);
	/* Split as a shell would, but run without one: quotes group. */
	if ((words = conf_command_words(cmd, why, sizeof(why))) == NULL) {
		shown = str_clean(cmd, strlen(cmd), STR_FOLD_SPACE);
		util_errf(err, errlen, "%s: %s; tidings runs it as a program "
		    "with arguments, not through a shell (\"%s\")", source,
		    why, shown);
		free(shown);
		free(cmd);
		return NULL;
	}
	free(cmd);
	for (i = 0; words[i] != NULL; i++)
		;
	argv = xcalloc(i + 3, sizeof(*argv));
	for (i = 0; words[i] != NULL; i++) {
		/* newsboat's "%u" stands for the URL inside a word. */
		if ((hit = strstr(words[i], "%u")) != NULL) {
			argv[n++] = xasprintf("%.*s%s%s", (int)(hit -
			    words[i]), words[i], url, hit + 2);
			have_url = 1;
		} else
			argv[n++] = xstrdup(words[i]);
	}
	conf_words_free(words);
	if (n == 0)
		argv[n++] = xstrdup("xdg-open");
	if (!have_url)
		argv[n++] = xstrdup(url);
	argv[n] = NULL;
	return argv;
}

/* Signals the child starts with, as a shell would give them. */
static void
child_signals(void)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP,
	    SIGPIPE, SIGWINCH, SIGTSTP, SIGCHLD };
	sigset_t none;
	size_t i;

	for (i = 0; i < UTIL_ARRAY_LEN(sigs); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Waits for pid with SIGINT and SIGQUIT ignored, as system() does. */
static int
wait_child(pid_t pid)
{
	struct sigaction ign, old_int, old_quit;
	int status;
	pid_t r;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	do
		r = waitpid(pid, &status, 0);
	while (r == -1 && errno == EINTR);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (r == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    WTERMSIG(status);
}

int
ui_exec_wait(struct ui *ui, char *const argv[], char *err, size_t len)
{
	int pfd[2], child_errno = 0, rc;
	ssize_t r;
	pid_t pid;

	/* The child reports a failed exec through a close-on-exec pipe. */
	if (pipe2(pfd, O_CLOEXEC) == -1) {
		util_errf(err, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if (ui != NULL)
		ui_suspend(ui);
	if ((pid = fork()) == -1) {
		util_errf(err, len, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		if (ui != NULL)
			ui_resume(ui);
		return -1;
	}
	if (pid == 0) {
		int e;

		close(pfd[0]);
		child_signals();
		execvp(argv[0], argv);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pfd[1]);
	do
		r = read(pfd[0], &child_errno, sizeof(child_errno));
	while (r == -1 && errno == EINTR);
	close(pfd[0]);
	rc = wait_child(pid);
	if (ui != NULL)
		ui_resume(ui);
	if (r == (ssize_t)sizeof(child_errno)) {
		char *name = str_clean(argv[0], strlen(argv[0]),
		    STR_FOLD_SPACE);

		util_errf(err, len, "cannot run %s: %s", name,
		    strerror(child_errno));
		free(name);
		return -1;
	}
	return rc;
}

/* Points stdin (and stdout, stderr when out is -1) at /dev/null. */
static void
child_quiet(int out)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd == -1)
		_exit(127);
	dup2(fd, STDIN_FILENO);
	dup2(out != -1 ? out : fd, STDOUT_FILENO);
	dup2(out != -1 ? out : fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* The exec error the child sent through its close-on-exec pipe, or 0. */
static int
exec_errno(int fd)
{
	int e = 0;
	ssize_t r;

	do
		r = read(fd, &e, sizeof(e));
	while (r == -1 && errno == EINTR);
	return r == (ssize_t)sizeof(e) ? e : 0;
}

static void
exec_fail(const char *name, int e, char *err, size_t len)
{
	char *c = str_clean(name, strlen(name), STR_FOLD_SPACE);

	util_errf(err, len, "cannot run %s: %s", c, strerror(e));
	free(c);
}

int
ui_exec_spawn(char *const argv[], char *err, size_t len)
{
	int pfd[2], e, status;
	pid_t pid, r;

	if (pipe2(pfd, O_CLOEXEC) == -1) {
		util_errf(err, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		util_errf(err, len, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		/* The grandchild runs on alone, never a zombie of ours. */
		close(pfd[0]);
		if (fork() != 0)
			_exit(0);
		setsid();
		child_signals();
		child_quiet(-1);
		execvp(argv[0], argv);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pfd[1]);
	do
		r = waitpid(pid, &status, 0);
	while (r == -1 && errno == EINTR);
	/* EOF once the grandchild's exec closed the pipe, or it died. */
	e = exec_errno(pfd[0]);
	close(pfd[0]);
	if (e != 0) {
		exec_fail(argv[0], e, err, len);
		return -1;
	}
	return 0;
}

int
ui_exec_capture(char *const argv[], char *out, size_t outlen, char *err,
    size_t len)
{
	int epfd[2], opfd[2], e, rc;
	size_t got = 0;
	ssize_t r;
	pid_t pid;
	char junk[512];

	if (outlen > 0)
		out[0] = '\0';
	if (pipe2(epfd, O_CLOEXEC) == -1) {
		util_errf(err, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(opfd, O_CLOEXEC) == -1) {
		util_errf(err, len, "pipe: %s", strerror(errno));
		close(epfd[0]);
		close(epfd[1]);
		return -1;
	}
	if ((pid = fork()) == -1) {
		util_errf(err, len, "fork: %s", strerror(errno));
		close(epfd[0]);
		close(epfd[1]);
		close(opfd[0]);
		close(opfd[1]);
		return -1;
	}
	if (pid == 0) {
		close(epfd[0]);
		close(opfd[0]);
		child_signals();
		child_quiet(opfd[1]);
		execvp(argv[0], argv);
		e = errno;
		if (write(epfd[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(epfd[1]);
	close(opfd[1]);
	e = exec_errno(epfd[0]);
	close(epfd[0]);
	/* Keep the first outlen - 1 bytes; read the rest to the end. */
	for (;;) {
		if (got + 1 < outlen)
			r = read(opfd[0], out + got, outlen - 1 - got);
		else
			r = read(opfd[0], junk, sizeof(junk));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (got + 1 < outlen)
			got += (size_t)r;
	}
	if (outlen > 0)
		out[got] = '\0';
	close(opfd[0]);
	rc = wait_child(pid);
	if (e != 0) {
		exec_fail(argv[0], e, err, len);
		return -1;
	}
	return rc;
}

/* Writes all of text to fd; a reader that quits early is not an error. */
static int
write_all(int fd, const char *text, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, text, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return errno == EPIPE ? 0 : -1;
		text += w;
		len -= (size_t)w;
	}
	return 0;
}

int
ui_exec_pipe(struct ui *ui, const char *cmd, const char *text, size_t len,
    char *err, size_t errlen)
{
	struct sigaction ign, old_pipe;
	int pfd[2], rc;
	pid_t pid;
	char c;

	if (pipe2(pfd, O_CLOEXEC) == -1) {
		util_errf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	if (ui != NULL)
		ui_suspend(ui);
	if ((pid = fork()) == -1) {
		util_errf(err, errlen, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		if (ui != NULL)
			ui_resume(ui);
		return -1;
	}
	if (pid == 0) {
		/* The command is what the user typed; the text is data. */
		if (dup2(pfd[0], STDIN_FILENO) == -1)
			_exit(127);
		child_signals();
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	if (write_all(pfd[1], text, len) == -1)
		util_errf(err, errlen, "write to the command: %s",
		    strerror(errno));
	close(pfd[1]);
	sigaction(SIGPIPE, &old_pipe, NULL);
	rc = wait_child(pid);
	if (ui != NULL) {
		fputs("\n[Press Enter to go back to tidings]", stdout);
		fflush(stdout);
		while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n' && c != '\r')
			;
		ui_resume(ui);
	}
	return rc;
}

int
ui_save_file(const char *path, const char *text, size_t len, int overwrite,
    char *err, size_t errlen)
{
	int fd, flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC;

	flags |= overwrite ? O_TRUNC : O_EXCL;
	if ((fd = open(path, flags, 0644)) == -1) {
		if (errno == EEXIST)
			return 1;
		util_errf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (write_all(fd, text, len) == -1) {
		util_errf(err, errlen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) == -1) {
		util_errf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

char *
ui_save_name(const char *title)
{
	struct buf b;
	const unsigned char *p;
	char *clean;
	int under = 0;

	clean = str_clean(title != NULL ? title : "", title != NULL ?
	    strlen(title) : 0, STR_FOLD_SPACE | STR_TRIM);
	buf_init(&b, 0);
	for (p = (const unsigned char *)clean; *p != '\0'; p++) {
		int keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p >= 0x80 ||
		    *p == '-' || *p == '.' || *p == ',';

		if (!keep) {
			under = b.len > 0;
			continue;
		}
		if (b.len == 0 && (*p == '.' || *p == '-'))
			continue;
		/* Stop at a character boundary before the limit. */
		if (b.len >= UI_MAX_NAME && (*p & 0xc0) != 0x80)
			break;
		if (under) {
			buf_putc(&b, '_');
			under = 0;
		}
		buf_putc(&b, *p);
	}
	free(clean);
	if (b.len == 0)
		buf_puts(&b, "article");
	buf_puts(&b, ".txt");
	return buf_detach(&b);
}
