/*
 * main.c: option parsing and dispatch to the commands or the interface.
 * Must never hold logic that tests need: that lives in libtidings.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"
#include "conf.h"
#include "feed.h"
#include "paths.h"
#include "store.h"
#include "ui.h"
#include "urls.h"
#include "util.h"

static const char usage_text[] =
"usage: tidings [-r] [-u URLS] [-c CACHE] [-C CONFIG] [-x COMMAND...]\n"
"       tidings -i FILE | -e | --import-newsboat [DIR] | --dump-feed SOURCE...\n"
"       tidings --add URL [--pick N]\n"
"\n"
"A keyboard-driven terminal reader for RSS, Atom and JSON feeds.\n"
"\n"
"Options:\n"
"  -u, --url-file FILE     the list of feeds (default\n"
"                          $XDG_CONFIG_HOME/tidings/urls)\n"
"  -c, --cache-file FILE   the article cache (default\n"
"                          $XDG_DATA_HOME/tidings/cache.db)\n"
"  -C, --config-file FILE  the configuration (default\n"
"                          $XDG_CONFIG_HOME/tidings/config; /dev/null:\n"
"                          the defaults alone)\n"
"      --check-config      check the configuration file and exit\n"
"  -r, --refresh-on-start  reload every feed when the interface starts\n"
"  -x, --execute COMMAND.. run commands without the interface:\n"
"                            reload        fetch every feed, then report\n"
"                            print-unread  print the number of unread articles\n"
"                                          of the feeds the urls file lists\n"
"      --refresh           the same as -x reload\n"
"      --unread            the same as -x print-unread\n"
"  -i, --import-from-opml FILE\n"
"                          add the feeds of an OPML file to the urls file\n"
"  -e, --export-to-opml    print the feed list as OPML 2.0\n"
"      --add URL           add a feed to the urls file: URL is a feed, or a\n"
"                          web page whose advertised feeds (or, failing\n"
"                          those, /feed, /rss.xml, /atom.xml, /index.xml,\n"
"                          /feed.json) are offered to choose from\n"
"      --pick N            with --add, take the Nth feed found without asking\n"
"      --import-newsboat [DIR]\n"
"                          take over newsboat's urls file, config and the\n"
"                          read and flagged state of its cache (DIR, else\n"
"                          ~/.newsboat, else $XDG_CONFIG_HOME/newsboat and\n"
"                          $XDG_DATA_HOME/newsboat), reporting what was\n"
"                          taken and what was not\n"
"      --dump-feed FILE|URL|- [FILE|URL...]\n"
"                          parse feeds and print what tidings reads from\n"
"                          them as JSON (one object per source with\n"
"                          \"source\" and \"feed\" or \"error\" when more than\n"
"                          one is given); a document cut short is read\n"
"                          to its last whole item, with a warning\n"
"  -h, --help              show this help and exit\n"
"      --help-keys         list the keys of the interface and exit\n"
"  -v, --version           show the version and exit\n"
"\n"
"In the interface, ? lists the keys: among them x (reader mode: the whole\n"
"article from its web page, kept in the cache; x again shows the feed's\n"
"text) and a (add a feed from a feed's or a web page's address). The config\n"
"command reader-mode FEED open|refresh does reader mode for a feed, a\n"
"tag:NAME or \"*\" when articles are opened or reloaded (tidings-config(5)).\n"
"\n"
"The config file takes newsboat's syntax; tidings-config(5) lists every\n"
"command with its default, and tidings(1) the keys, the urls file and the\n"
"rest of the command line.\n";

static void
usage(FILE *fp)
{
	fputs(usage_text, fp);
}

enum command {
	CMD_UI,
	CMD_DUMP,
	CMD_EXECUTE,
	CMD_IMPORT,
	CMD_EXPORT,
	CMD_CHECK_CONFIG,
	CMD_ADD,
	CMD_IMPORT_NEWSBOAT,
};

static int
run_execute(struct cli_paths *paths, char **cmds, int n)
{
	struct conf conf;
	struct urls *u;
	struct store *s;
	int i, rc = 0, need_store = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(cmds[i], "reload") == 0)
			need_store = 1;
		else if (strcmp(cmds[i], "print-unread") != 0) {
			fprintf(stderr, "tidings: unknown command for -x: %s "
			    "(known: reload, print-unread)\n", cmds[i]);
			return 2;
		}
	}
	if (!need_store) {
		for (i = 0; i < n && rc == 0; i++)
			rc = cli_print_unread(paths, NULL);
		return rc;
	}
	conf_init(&conf);
	if (cli_load_conf(paths, &conf) == -1 ||
	    (u = cli_load_urls(paths)) == NULL) {
		conf_free(&conf);
		return 1;
	}
	if ((s = cli_open_store(paths)) == NULL) {
		urls_free(u);
		conf_free(&conf);
		return 1;
	}
	if (cli_sync_feeds(s, u) == -1)
		rc = 1;
	for (i = 0; i < n && rc != 2; i++) {
		if (strcmp(cmds[i], "reload") == 0)
			rc |= cli_reload(s, u, &conf);
		else {
			store_close(s);
			s = NULL;
			rc |= cli_print_unread(paths, u);
			if ((s = cli_open_store(paths)) == NULL)
				break;
		}
	}
	if (s != NULL)
		store_close(s);
	urls_free(u);
	conf_free(&conf);
	return rc;
}

int
main(int argc, char **argv)
{
	enum { OPT_DUMP_FEED = 256, OPT_REFRESH, OPT_UNREAD, OPT_HELP_KEYS,
	    OPT_HELP_KEYS_MAN, OPT_CHECK_CONFIG, OPT_ADD, OPT_PICK,
	    OPT_IMPORT_NEWSBOAT };
	static const struct option longopts[] = {
		{ "url-file", required_argument, NULL, 'u' },
		{ "cache-file", required_argument, NULL, 'c' },
		{ "config-file", required_argument, NULL, 'C' },
		{ "check-config", no_argument, NULL, OPT_CHECK_CONFIG },
		{ "refresh-on-start", no_argument, NULL, 'r' },
		{ "execute", no_argument, NULL, 'x' },
		{ "refresh", no_argument, NULL, OPT_REFRESH },
		{ "unread", no_argument, NULL, OPT_UNREAD },
		{ "import-from-opml", required_argument, NULL, 'i' },
		{ "export-to-opml", no_argument, NULL, 'e' },
		{ "import-newsboat", no_argument, NULL, OPT_IMPORT_NEWSBOAT },
		{ "dump-feed", required_argument, NULL, OPT_DUMP_FEED },
		{ "add", required_argument, NULL, OPT_ADD },
		{ "pick", required_argument, NULL, OPT_PICK },
		{ "help", no_argument, NULL, 'h' },
		{ "help-keys", no_argument, NULL, OPT_HELP_KEYS },
		/* Not in --help: prints the man page's KEYS section. */
		{ "help-keys-man", no_argument, NULL, OPT_HELP_KEYS_MAN },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_paths paths;
	enum command cmd = CMD_UI;
	char *fixed_cmd[1], **cmds = NULL;
	const char *dump = NULL, *import = NULL, *add = NULL;
	const char **dumps = NULL;
	int c, i, rc, ndumps = 0, ncmds = 0, refresh_on_start = 0, pick = 0;
	char *end;

	setlocale(LC_ALL, "");
	/* A peer closing a TLS connection must not kill us (OpenSSL). */
	signal(SIGPIPE, SIG_IGN);
	memset(&paths, 0, sizeof paths);
	while ((c = getopt_long(argc, argv, "+u:c:C:rxi:ehv", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'u':
			free(paths.urls);
			paths.urls = xstrdup(optarg);
			paths.urls_given = 1;
			break;
		case 'c':
			free(paths.cache);
			paths.cache = xstrdup(optarg);
			break;
		case 'C':
			free(paths.config);
			paths.config = xstrdup(optarg);
			paths.config_given = 1;
			break;
		case OPT_CHECK_CONFIG:
			cmd = CMD_CHECK_CONFIG;
			break;
		case 'r':
			refresh_on_start = 1;
			break;
		case 'x':
			cmd = CMD_EXECUTE;
			break;
		case OPT_REFRESH:
		case OPT_UNREAD:
			cmd = CMD_EXECUTE;
			fixed_cmd[0] = c == OPT_REFRESH ? "reload" :
			    "print-unread";
			cmds = fixed_cmd;
			ncmds = 1;
			break;
		case 'i':
			cmd = CMD_IMPORT;
			import = optarg;
			break;
		case 'e':
			cmd = CMD_EXPORT;
			break;
		case OPT_IMPORT_NEWSBOAT:
			cmd = CMD_IMPORT_NEWSBOAT;
			break;
		case OPT_DUMP_FEED:
			cmd = CMD_DUMP;
			dump = optarg;
			break;
		case OPT_ADD:
			cmd = CMD_ADD;
			add = optarg;
			break;
		case OPT_PICK:
			pick = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || pick < 1) {
				fprintf(stderr, "tidings: --pick needs a number "
				    "from 1: %s\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case OPT_HELP_KEYS:
			ui_keys_text(stdout);
			return 0;
		case OPT_HELP_KEYS_MAN:
			ui_keys_man(stdout);
			return 0;
		case 'v':
			printf("tidings %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (cmd == CMD_EXECUTE && cmds == NULL) {
		cmds = argv + optind;
		ncmds = argc - optind;
		optind = argc;
		if (ncmds == 0) {
			fprintf(stderr, "tidings: -x needs a command "
			    "(reload, print-unread)\n");
			return 2;
		}
	}
	/* --dump-feed SOURCE takes more sources as operands. */
	if (cmd == CMD_DUMP) {
		ndumps = 1 + (argc - optind);
		dumps = xreallocarray(NULL, (size_t)ndumps, sizeof *dumps);
		dumps[0] = dump;
		for (i = 1; i < ndumps; i++)
			dumps[i] = argv[optind++];
	}
	/* --import-newsboat takes newsboat's directory as an operand. */
	if (cmd == CMD_IMPORT_NEWSBOAT && optind < argc)
		import = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "tidings: unexpected argument: %s\n",
		    argv[optind]);
		usage(stderr);
		return 2;
	}
	if (paths.urls == NULL)
		paths.urls = paths_config("urls");
	if (paths.cache == NULL)
		paths.cache = paths_data("cache.db");
	if (paths.config == NULL)
		paths.config = paths_config("config");
	if (paths.urls == NULL || paths.cache == NULL ||
	    paths.config == NULL) {
		fprintf(stderr, "tidings: set HOME (or XDG_CONFIG_HOME and "
		    "XDG_DATA_HOME), or give -u and -c\n");
		return 2;
	}

	/* libcurl starts in net_new(), so print-unread never pays for TLS. */
	feed_init();	/* libxml2, quiet in every thread */
	switch (cmd) {
	case CMD_DUMP:
		rc = cli_dump_feed(dumps, ndumps);
		free(dumps);
		break;
	case CMD_EXECUTE:
		rc = run_execute(&paths, cmds, ncmds);
		break;
	case CMD_IMPORT:
		rc = cli_import_opml(&paths, import);
		break;
	case CMD_EXPORT:
		rc = cli_export_opml(&paths);
		break;
	case CMD_IMPORT_NEWSBOAT:
		rc = cli_import_newsboat(&paths, import);
		break;
	case CMD_CHECK_CONFIG:
		rc = cli_check_config(&paths);
		break;
	case CMD_ADD:
		rc = cli_add_feed(&paths, add, pick);
		break;
	default:
		rc = cli_interface(&paths, refresh_on_start);
		break;
	}
	xmlCleanupParser();
	free(paths.urls);
	free(paths.cache);
	free(paths.config);
	return rc;
}
