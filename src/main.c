/*
 * main.c: option parsing and dispatch to the commands or the interface.
 * Must never hold logic that tests need: that lives in libtidings.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"

static const char usage_text[] =
"usage: tidings [options]\n"
"\n"
"A keyboard-driven terminal reader for RSS, Atom and JSON feeds.\n"
"\n"
"Options:\n"
"  --dump-feed FILE|-    parse a feed (a file, or - for standard input) and\n"
"                        print what tidings reads from it as JSON\n"
"  -h, --help            show this help and exit\n"
"  -v, --version         show the version and exit\n";

static void
usage(FILE *fp)
{
	fputs(usage_text, fp);
}

int
main(int argc, char **argv)
{
	enum { OPT_DUMP_FEED = 256 };
	static const struct option longopts[] = {
		{ "dump-feed", required_argument, NULL, OPT_DUMP_FEED },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dump = NULL;
	int c, rc;

	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DUMP_FEED:
			dump = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'v':
			printf("tidings %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tidings: unexpected argument: %s\n",
		    argv[optind]);
		usage(stderr);
		return 2;
	}
	xmlInitParser();
	if (dump != NULL)
		rc = cli_dump_feed(dump);
	else {
		usage(stderr);
		rc = 2;
	}
	xmlCleanupParser();
	return rc;
}
