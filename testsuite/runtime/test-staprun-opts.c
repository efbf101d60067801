// SPDX-License-Identifier: GPL-2.0-or-later
/* test-staprun-opts.c - host test of staprun's command line, of the
 * module parameter string and of the guest's shell quoting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "modload.h"
#include "options.h"
#include "vm-internal.h"

static struct staprun_opts o;
static char err[256];

static int parse(const char *line)
{
	static char copy[512];
	static char *argv[32];
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	argv[argc++] = "staprun";
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	return staprun_parse_options(argc, argv, &o, err, sizeof(err));
}

#define OK(line) CHECK(parse(line) == 0, "accepts '%s' %s", line, err)
#define BAD(line, msg)							\
	CHECK(parse(line) == -1 && strstr(err, msg),			\
	      "refuses '%s': %s", line, err)

int main(void)
{
	char buf[256], *p;

	OK("m.ko");
	CHECK(o.module && strcmp(o.module, "m.ko") == 0 && o.nparams == 0,
	      "module");
	OK("-vv -w -o out.txt m.ko a=1 b_2=x");
	CHECK(o.verbose == 2 && o.suppress_warnings && strcmp(o.outfile, "out.txt") == 0,
	      "-vv -w -o");
	CHECK(o.nparams == 2 && strcmp(o.params[1], "b_2=x") == 0, "params");
	OK("-oout -c ls m.ko");
	CHECK(strcmp(o.outfile, "out") == 0 && strcmp(o.command, "ls") == 0,
	      "-oFILE glued, -c");
	OK("-x 123 m.ko");
	CHECK_EQ(o.target_pid, 123, "-x");
	OK("--vm -r 6.1.0-0-test --vm-timeout=30 m.ko");
	CHECK(o.vm && strcmp(o.kernel_release, "6.1.0-0-test") == 0 &&
	      o.vm_timeout == 30, "--vm -r --vm-timeout");
	OK("-- -weird.ko");
	CHECK(strcmp(o.module, "-weird.ko") == 0, "-- ends options");
	OK("-h");
	CHECK(o.help, "-h");
	BAD("", "no module");
	BAD("-v", "no module");
	BAD("-o", "needs an argument");
	BAD("-A m.ko", "-A is not supported");
	BAD("-F m.ko", "-F is not supported");
	BAD("-D m.ko", "-D is not supported");
	BAD("-q m.ko", "unknown option -q");
	BAD("--bogus m.ko", "unknown option '--bogus'");
	BAD("-x abc m.ko", "-x wants a process id");
	BAD("-x 0 m.ko", "-x wants a process id");
	BAD("-c ls -x 5 m.ko", "cannot be combined");
	BAD("-r 6.1 m.ko", "needs --vm");
	BAD("--vm-timeout=5 m.ko", "needs --vm");
	BAD("--vm-timeout=x --vm m.ko", "wants seconds");
	BAD("--vm -x 5 m.ko", "cannot name a process inside the VM");
	BAD("m.ko novalue", "not a module parameter");
	BAD("m.ko =1", "not a module parameter");
	BAD("m.ko 1a=1", "not a parameter name");
	BAD("m.ko a-b=1", "not a parameter name");
	{
		char *argv[] = { "staprun", "m.ko", "s=a\"b", NULL };

		CHECK(staprun_parse_options(3, argv, &o, err, sizeof(err)) == -1 &&
		      strstr(err, "cannot contain"), "refuses a '\"' in a value: %s", err);
	}

	{
		char *params[] = { "a=1", "s=two words", "e=" };

		p = stp_module_params(params, 3, 0);
		CHECK(p && strcmp(p, "a=1 s=\"two words\" e=") == 0,
		      "parameter string quotes blanks: [%s]", p);
		free(p);
		p = stp_module_params(params, 1, 42);
		CHECK(p && strcmp(p, "a=1 _stp_target=42") == 0,
		      "_stp_target appended: [%s]", p);
		free(p);
		p = stp_module_params(NULL, 0, 7);
		CHECK(p && strcmp(p, "_stp_target=7") == 0, "only _stp_target: [%s]", p);
		free(p);
		p = stp_module_params(NULL, 0, 0);
		CHECK(p && strcmp(p, "") == 0, "empty");
		free(p);
	}

	CHECK_EQ(stp_sh_quote(buf, sizeof(buf), "it's"), 9, "quote length");
	CHECK(strcmp(buf, "'it'\\''s'") == 0, "sh quote: %s", buf);
	stp_sh_quote(buf, sizeof(buf), "");
	CHECK(strcmp(buf, "''") == 0, "empty quote");
	CHECK_EQ(stp_sh_quote(buf, 4, "abcdef"), 8, "truncated quote returns full length");
	CHECK(strlen(buf) == 3, "truncated quote NUL-terminated");

	{
		struct stp_modinfo mi;

		CHECK(stp_modinfo_read("/nonexistent.ko", &mi, err, sizeof(err)) == -1 &&
		      strstr(err, "cannot open"), "missing module: %s", err);
		CHECK(stp_modinfo_read("/etc/hostname", &mi, err, sizeof(err)) == -1 &&
		      strstr(err, "not a kernel module"), "not ELF: %s", err);
		CHECK(stp_modinfo_read("/bin/sh", &mi, err, sizeof(err)) == -1 &&
		      strstr(err, "not a kernel module"), "not ET_REL: %s", err);
	}
	{
		/* the local zone, only for parameters the module declares
		 * and the user did not set */
		struct stp_modinfo mi = { .params = STP_MI_TZ_GMTOFF | STP_MI_TZ_NAME };
		char *user[] = { "_stp_tz_name=XYZ" }, *tz[2];
		int k;

		setenv("TZ", "Asia/Kolkata", 1);
		k = stp_tz_params(&mi, NULL, 0, tz);
		CHECK(k == 2 && strcmp(tz[0], "_stp_tz_gmtoff=-19800") == 0 &&
		      strcmp(tz[1], "_stp_tz_name=IST") == 0,
		      "tz params, seconds west: %d [%s] [%s]", k,
		      k > 0 ? tz[0] : "", k > 1 ? tz[1] : "");
		for (int i = 0; i < k; i++)
			free(tz[i]);
		setenv("TZ", "America/New_York", 1);
		k = stp_tz_params(&mi, user, 1, tz);
		CHECK(k == 1 && (strcmp(tz[0], "_stp_tz_gmtoff=18000") == 0 ||
				 strcmp(tz[0], "_stp_tz_gmtoff=14400") == 0),
		      "user's _stp_tz_name kept: %d [%s]", k, k > 0 ? tz[0] : "");
		for (int i = 0; i < k; i++)
			free(tz[i]);
		mi.params = STP_MI_TARGET;
		CHECK_EQ(stp_tz_params(&mi, NULL, 0, tz), 0,
			 "no tz params for a module without them");
		unsetenv("TZ");
	}
	CHECK_EQ(stp_elf_is_static("/bin/sh"), 0, "/bin/sh is dynamic");
	CHECK_EQ(stp_elf_is_static("/etc/hostname"), -1, "not ELF");
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
