/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.c - getopt parsing of stap's command line.
 *
 * Options take SystemTap's letters and meanings.  Those whose feature
 * does not exist yet are refused with E002 rather than ignored, so a
 * user never believes an option did something it did not.
 */
#include "options.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "version.h"

enum {
	OPT_VM = 256,
	OPT_COMPATIBLE,
	OPT_PRIVILEGE,
	OPT_UNPRIVILEGED,
	OPT_RUNTIME,
	OPT_HELP,
	OPT_DISABLE_CACHE,
	OPT_UNIMPLEMENTED,
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "vm", no_argument, NULL, OPT_VM },
	{ "compatible", required_argument, NULL, OPT_COMPATIBLE },
	{ "privilege", required_argument, NULL, OPT_PRIVILEGE },
	{ "unprivileged", no_argument, NULL, OPT_UNPRIVILEGED },
	{ "runtime", required_argument, NULL, OPT_RUNTIME },
	{ "disable-cache", no_argument, NULL, OPT_DISABLE_CACHE },
#define REFUSED_LONG(name, has_arg) \
	{ #name, has_arg, NULL, OPT_UNIMPLEMENTED },
#include "refused-options.def"
#undef REFUSED_LONG
	{ NULL, 0, NULL, 0 },
};

/* ':' first: a missing value is reported as such.  As in SystemTap,
 * options may follow the script name; `--` ends them. */
static const char short_options[] =
	":hVvp:e:I:r:m:D:gkwWc:x:o:l:L:G:s:uT:"
#define REFUSED_SHORT(letter, arg) #letter arg
#include "refused-options.def"
#undef REFUSED_SHORT
	;

/* "-S -F ... --skip-badvars ..." for --help, after its heading */
static const char refused_heading[] = "Not implemented yet (refused with E002):";
static const char refused_list[] =
#define REFUSED_SHORT(letter, arg) " -" #letter
#define REFUSED_LONG(name, has_arg) " --" #name
#include "refused-options.def"
#undef REFUSED_SHORT
#undef REFUSED_LONG
	;

/* words (each with its leading blank) from column col, lines under 76 */
static void print_wrapped(FILE *out, const char *words, size_t col)
{
	while (*words) {
		size_t n = strcspn(words + 1, " ") + 1;

		if (col + n > 76) {
			fputc('\n', out);
			col = 0;
		}
		fwrite(words, 1, n, out);
		col += n;
		words += n;
	}
	fputc('\n', out);
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: stap [OPTIONS] FILE [ARGUMENTS]\n"
"   or: stap [OPTIONS] -e SCRIPT [ARGUMENTS]\n"
"   or: stap [OPTIONS] - [ARGUMENTS]         (script on standard input)\n"
"\n"
"Compile a SystemTap-language script into a kernel module and run it.\n"
"\n"
"Options:\n"
"  -h, --help        print this help and exit\n"
"  -V, --version     print the version and exit\n"
"  -p NUM            stop after pass NUM (1 parse, 2 elaborate, 3 translate,\n"
"                    4 build, 5 run)\n"
"  -l PROBE          list the probe points matching PROBE\n"
"  -L PROBE          list them with their variables\n"
"  -e SCRIPT         run SCRIPT given on the command line\n"
"  -I DIR            look in DIR for additional tapsets\n"
"  -r KVER           target kernel release KVER (default: the running\n"
"                    kernel if its headers are installed, else the newest\n"
"                    installed one); selects %%( kernel_v ... %%) branches\n"
"  -g                guru mode: allow embedded C, @const, @kregister ...\n"
"  -v                more verbose; with -v each pass reports its time\n"
"  -w                suppress warnings\n"
"  -W                treat warnings as errors\n"
"  -k                keep the temporary build directory (pass 4)\n"
"  -m NAME           name the module NAME (pass 4)\n"
"  -D NAME[=VALUE]   define a C macro for the module build (pass 4):\n"
"                    MAXACTION, MAXSTRINGLEN, MAXMAPENTRIES, ...\n"
"  -u                unoptimized: keep unused globals and functions\n"
"  --disable-cache   do not use the module cache\n"
"  -G NAME=VALUE     set global NAME at load (pass 5)\n"
"  -o FILE           write the script's output to FILE (pass 5)\n"
"  -c CMD            run CMD during the session; target() is its pid\n"
"  -x PID            target() is PID\n"
"  -s MB             buffer size per CPU in megabytes\n"
"  -T SECS           exit the script after SECS seconds (a probe\n"
"                    timer.ms(SECS*1000) { exit() } is added, as SystemTap does)\n"
"  --vm              run pass 5 in a qemu VM booting the target kernel\n"
"                    (for machines that cannot load modules)\n"
"  --compatible=V    behave as SystemTap version V (systemtap_v)\n"
"  --privilege=P     stapdev (default), stapsys or stapusr\n"
"  --unprivileged    same as --privilege=stapusr\n"
"  --runtime=kernel  the only runtime there is\n"
"\n"
"%s", refused_heading);
	print_wrapped(out, refused_list, strlen(refused_heading));
	fprintf(out, "\n"
"Every error has a code, e.g. [E301]; doc/errors/E301.md explains it.\n");
}

/* A C identifier: module names and -D macro names must be. */
static int is_identifier(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

static int not_implemented(const char *opt)
{
	stp_diag_stderr(NULL, STP_NOT_IMPLEMENTED, opt);
	return 1;
}

/* An option error: its code and the option's value (if the message
 * names one), with the pointer to --help. */
static int bad_option(enum stp_diag_code code, const char *value)
{
	stp_diag_stderr("run 'stap --help' for the options", code, value);
	return 1;
}

int stap_parse_options(struct stap_options *o, int argc, char **argv)
{
	int c, li = -1;
	char msg[256];

	memset(o, 0, sizeof(*o));
	o->last_pass = 5;
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options,
				&li)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return -1;
		case 'V':
			printf("stap (SystemTap-compatible translator) %s\n"
			       "language: SystemTap %s\n",
			       STP_VERSION, STP_LANGUAGE_VERSION);
			return -1;
		case 'v':
			o->verbose++;
			break;
		case 'p': {
			char *end;
			long p = strtol(optarg, &end, 10);

			if (*end || p < 1 || p > 5)
				return bad_option(STP_BAD_PASS, optarg);
			o->last_pass = (int)p;
			break;
		}
		case 'e':
			if (o->script_text)
				return bad_option(STP_TWO_SCRIPTS, NULL);
			o->script_text = optarg;
			break;
		case 'I':
			stp_vec_push(&o->include_dirs, optarg);
			break;
		case 'r':
			o->kernel_release = optarg;
			break;
		case 'm':
			/* the kernel's limit: MODULE_NAME_LEN - 1 */
			if (!is_identifier(optarg, strlen(optarg)) ||
			    strlen(optarg) > 55)
				return bad_option(STP_BAD_MODULE_NAME, optarg);
			o->module_name = optarg;
			break;
		case 'D':
			if (!is_identifier(optarg, strcspn(optarg, "=")))
				return bad_option(STP_BAD_DEFINE, optarg);
			stp_vec_push(&o->defines, optarg);
			break;
		case 'g':
			o->guru = 1;
			break;
		case 'k':
			o->keep_tmp = 1;
			break;
		case 'w':
			o->no_warnings = 1;
			break;
		case 'W':
			o->warnings_are_errors = 1;
			break;
		case OPT_COMPATIBLE:
			o->compatible = optarg;
			break;
		case OPT_PRIVILEGE:
			if (strcmp(optarg, "stapdev") && strcmp(optarg, "stapsys") &&
			    strcmp(optarg, "stapusr"))
				return bad_option(STP_BAD_PRIVILEGE, optarg);
			o->privilege = optarg;
			break;
		case OPT_UNPRIVILEGED:
			o->privilege = "stapusr";
			break;
		case OPT_RUNTIME:
			if (strcmp(optarg, "kernel")) {
				snprintf(msg, sizeof(msg), "--runtime=%s", optarg);
				return not_implemented(msg);
			}
			break;
		case OPT_VM:
			o->vm = 1;
			break;
		case OPT_DISABLE_CACHE:
			o->no_cache = 1;
			break;
		case 'u':
			o->unoptimized = 1;
			break;
		case 'l':
		case 'L':
			o->list_pattern = optarg;
			o->list_vars = c == 'L';
			break;
		case 'G': {
			const char *eq = strchr(optarg, '=');

			if (!eq || !is_identifier(optarg, eq - optarg))
				return bad_option(STP_BAD_G_OPTION, optarg);
			stp_vec_push(&o->globals, optarg);
			break;
		}
		case 'o':
			o->output_file = optarg;
			break;
		case 'c':
			o->target_cmd = optarg;
			break;
		case 'x': {
			char *end;
			long pid = strtol(optarg, &end, 10);

			if (*end || pid <= 0)
				return bad_option(STP_BAD_PID, optarg);
			o->target_pid = optarg;
			break;
		}
		case 's': {
			char *end;
			long mb = strtol(optarg, &end, 10);

			if (*end || mb < 1 || mb > 4095)
				return bad_option(STP_BAD_BUFFER_SIZE, optarg);
			o->buffer_mb = (int)mb;
			break;
		}
		case 'T': {
			char *end;
			long secs = strtol(optarg, &end, 10);

			/* a day is far more than any script needs, and keeps
			 * the milliseconds of timer.ms() well inside a long */
			if (*end || end == optarg || secs < 1 || secs > 86400)
				return bad_option(STP_BAD_TIMEOUT, optarg);
			o->timeout_s = secs;
			break;
		}
		case OPT_UNIMPLEMENTED:
			snprintf(msg, sizeof(msg), "--%s",
				 long_options[li].name);
			return not_implemented(msg);
		case '?':
			if (!optopt)
				return bad_option(STP_UNKNOWN_OPTION,
						  argv[optind - 1]);
			snprintf(msg, sizeof(msg), "-%c", optopt);
			return bad_option(STP_UNKNOWN_OPTION, msg);
		case ':':
			/* for a long option optopt is its code, not a letter */
			if (!strncmp(argv[optind - 1], "--", 2))
				return bad_option(STP_OPTION_NEEDS_VALUE,
						  argv[optind - 1]);
			snprintf(msg, sizeof(msg), "-%c", optopt);
			return bad_option(STP_OPTION_NEEDS_VALUE, msg);
		default:
			snprintf(msg, sizeof(msg), "-%c", c);
			return not_implemented(msg);
		}
	}
	if (o->target_cmd && o->target_pid)
		return bad_option(STP_CMD_AND_PID, NULL);
	if (o->list_pattern) {
		/* -l/-L take the probe point instead of a script */
		o->last_pass = 2;
		o->args = (const char *const *)(argv + optind);
		o->nargs = argc - optind;
		return 0;
	}
	if (!o->script_text) {
		if (optind >= argc) {
			stp_diag_stderr("run 'stap --help' for the usage",
					STP_NO_SCRIPT);
			return 1;
		}
		o->script_file = argv[optind++];
	}
	o->args = (const char *const *)(argv + optind);
	o->nargs = argc - optind;
	return 0;
}

void stap_options_free(struct stap_options *o)
{
	stp_vec_free(&o->include_dirs);
	stp_vec_free(&o->defines);
	stp_vec_free(&o->globals);
}
