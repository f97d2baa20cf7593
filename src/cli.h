/*
 * cli.h: the commands tidings runs without its interface.
 * Each prints to stdout, reports errors as one line on stderr and returns
 * the process exit status.
 */
#ifndef TIDINGS_CLI_H
#define TIDINGS_CLI_H

struct feed;
struct buf;

/* Prints the parsed model of a file, "-" (stdin) or URL as JSON. */
int	 cli_dump_feed(const char *source);
/* Appends the JSON form of a parsed feed to b. */
void	 cli_feed_json(struct buf *b, const struct feed *f);

#endif
