// SPDX-License-Identifier: GPL-2.0-or-later
/* options.c - staprun's command line: SystemTap-compatible where an
 * option is implemented, a clear refusal for SystemTap's other options. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

const char staprun_usage[] =
	"usage: staprun [-v] [-w] [-o FILE] [-c CMD | -x PID] MODULE.ko [name=value ...]\n"
	"       staprun --vm [-r KVER] [--vm-timeout=SECS] [-v] [-w] [-o FILE] [-c CMD]\n"
	"               MODULE.ko [name=value ...]\n"
	"  -v            verbose: progress on stderr (repeat for more)\n"
	"  -w            suppress the script's warnings\n"
	"  -o FILE       write the script's output to FILE\n"
	"  -c CMD        run CMD (sh -c) once the script started; end with it\n"
	"  -x PID        set target() to PID\n"
	"  --vm          run in a qemu VM booting /boot/vmlinuz-KVER\n"
	"  -r KVER       the VM's kernel release (default: the module's vermagic)\n"
	"  --vm-timeout=SECS  kill the VM after SECS seconds (default: none)\n"
	"  name=value    module parameters (stap -G globals)\n";

/* SystemTap's staprun options this one does not implement. */
static const char unsupported[] = "uALdDbFSsReTCVMtNiK";

static int fail(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v > max)
		return -1;
	return 0;
}

/* name=value, name a C identifier; the kernel's parameter parser takes
 * double quotes around a value with spaces but has no escape for '"'. */
static int check_param(const char *p, char *err, size_t errsize)
{
	const char *eq = strchr(p, '=');
	const char *s;

	if (!eq || eq == p)
		return fail(err, errsize,
			    "'%s' is not a module parameter (name=value)", p);
	for (s = p; s < eq; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_') ||
		    (s == p && isdigit((unsigned char)*s)))
			return fail(err, errsize,
				    "'%.*s' is not a parameter name",
				    (int)(eq - p), p);
	if (strchr(eq + 1, '"'))
		return fail(err, errsize,
			    "parameter %.*s: a value cannot contain '\"'",
			    (int)(eq - p), p);
	return 0;
}

int staprun_parse_options(int argc, char **argv, struct staprun_opts *o,
			  char *err, size_t errsize)
{
	int i;

	memset(o, 0, sizeof(*o));
	err[0] = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		unsigned long v;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == 0)
			break;
		if (a[1] == '-') {
			if (strcmp(a, "--vm") == 0) {
				o->vm = 1;
			} else if (strncmp(a, "--vm-timeout=", 13) == 0) {
				if (parse_ulong(a + 13, 1000000, &v))
					return fail(err, errsize,
						    "--vm-timeout wants seconds, not '%s'",
						    a + 13);
				o->vm_timeout = v;
			} else if (strcmp(a, "--help") == 0) {
				o->help = 1;
			} else {
				return fail(err, errsize,
					    "unknown option '%s'", a);
			}
			continue;
		}
		for (const char *c = a + 1; *c; c++) {
			const char *arg;

			switch (*c) {
			case 'v':
				o->verbose++;
				continue;
			case 'w':
				o->suppress_warnings = 1;
				continue;
			case 'h':
				o->help = 1;
				continue;
			case 'o':
			case 'c':
			case 'x':
			case 'r':
				break;
			default:
				if (strchr(unsupported, *c))
					return fail(err, errsize,
						    "option -%c is not supported by this staprun",
						    *c);
				return fail(err, errsize, "unknown option -%c",
					    *c);
			}
			/* an option with an argument: the rest of this word
			 * or the next one */
			if (c[1])
				arg = c + 1;
			else if (i + 1 < argc)
				arg = argv[++i];
			else
				return fail(err, errsize,
					    "option -%c needs an argument", *c);
			switch (*c) {
			case 'o':
				if (!*arg)
					return fail(err, errsize,
						    "-o needs a file name");
				o->outfile = arg;
				break;
			case 'c':
				o->command = arg;
				break;
			case 'x':
				if (parse_ulong(arg, 0x3fffffff, &v) || v == 0)
					return fail(err, errsize,
						    "-x wants a process id, not '%s'",
						    arg);
				o->target_pid = (long)v;
				break;
			case 'r':
				o->kernel_release = arg;
				break;
			}
			break;
		}
	}
	if (o->help)
		return 0;
	if (i >= argc)
		return fail(err, errsize, "no module given");
	o->module = argv[i++];
	o->params = argv + i;
	o->nparams = (size_t)(argc - i);
	for (size_t k = 0; k < o->nparams; k++)
		if (check_param(o->params[k], err, errsize))
			return -1;
	if (o->command && o->target_pid)
		return fail(err, errsize, "-c and -x cannot be combined");
	if (o->kernel_release && !o->vm)
		return fail(err, errsize,
			    "-r KVER needs --vm (staprun loads into the running kernel)");
	if (o->vm_timeout && !o->vm)
		return fail(err, errsize, "--vm-timeout needs --vm");
	if (o->vm && o->target_pid)
		return fail(err, errsize,
			    "-x PID cannot name a process inside the VM; use -c CMD");
	return 0;
}
