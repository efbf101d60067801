// SPDX-License-Identifier: GPL-2.0-or-later
/* sysloop.c - test load for the guest: N system calls of one kind in a
 * loop, then the mean ns per call on stdout.
 * usage: sysloop getpid|getppid|read N
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	long n, i;
	char c;
	int fd = -1;

	if (argc != 3)
		return 2;
	n = atol(argv[2]);
	if (!strcmp(argv[1], "read")) {
		fd = open("/dev/zero", O_RDONLY);
		if (fd < 0)
			return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (fd >= 0) {
			if (read(fd, &c, 1) != 1)
				return 1;
		} else if (!strcmp(argv[1], "getppid")) {
			syscall(SYS_getppid);
		} else {
			syscall(SYS_getpid);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (fd >= 0)
		close(fd);
	printf("%s %ld calls: %.0f ns/call\n", argv[1], n,
	       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
