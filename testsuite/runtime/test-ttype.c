// SPDX-License-Identifier: GPL-2.0-or-later
/* test-ttype.c - unit tests of target types (translator/ttype.c): each
 * kind built, named as messages will show it, and typedef chains
 * stripped. */
#include <string.h>

#include "check.h"
#include "ttype.h"

static struct stp_arena arena;

static void check_name(const struct stp_ttype *t, const char *want)
{
	const char *got = stp_ttype_name(&arena, t);

	CHECK(!strcmp(got, want), "name \"%s\" (want \"%s\")", got, want);
}

int main(void)
{
	struct stp_ttype *u8, *s64, *task, *skb, *sock_u, *ptr, *arr, *bf;
	struct stp_ttype *pid_t_, *td2, *en, *anon;
	const struct stp_ttype *t;
	int i;

	stp_arena_init(&arena);
	u8 = stp_ttype_int(&arena, 1, false);
	s64 = stp_ttype_int(&arena, 8, true);
	check_name(u8, "u8");
	check_name(s64, "s64");
	CHECK_EQ(s64->size, 8, "s64 size");
	CHECK(s64->is_signed && !u8->is_signed, "signs kept");

	task = stp_ttype_record(&arena, STP_TT_STRUCT, "task_struct",
				"kernel");
	skb = stp_ttype_record(&arena, STP_TT_STRUCT, "e1000_adapter",
			       "e1000");
	sock_u = stp_ttype_record(&arena, STP_TT_UNION, NULL, "kernel");
	check_name(task, "struct task_struct");
	check_name(skb, "struct e1000_adapter [e1000]");
	check_name(sock_u, "union <anonymous>");
	CHECK(!strcmp(skb->module, "e1000"), "module kept");

	ptr = stp_ttype_pointer(&arena, task);
	check_name(ptr, "struct task_struct*");
	check_name(stp_ttype_pointer(&arena, ptr), "struct task_struct**");
	check_name(stp_ttype_pointer(&arena, NULL), "void*");

	arr = stp_ttype_array(&arena, u8, 16);
	check_name(arr, "u8[16]");
	CHECK_EQ(arr->count, 16, "array count");
	check_name(stp_ttype_pointer(&arena, arr), "u8[16]*");
	check_name(stp_ttype_array(&arena, ptr, 4), "struct task_struct*[4]");

	bf = stp_ttype_bitfield(&arena, stp_ttype_int(&arena, 4, false), 3, 5);
	check_name(bf, "u32:3@5");
	CHECK(bf->bits == 3 && bf->offset == 5, "bitfield bits and offset");

	en = stp_ttype_enum(&arena, "pid_type", "kernel", 4);
	anon = stp_ttype_enum(&arena, NULL, "kernel", 4);
	check_name(en, "enum pid_type");
	check_name(anon, "enum <anonymous>");

	/* typedef chains: named by their outer name, stripped to the end */
	pid_t_ = stp_ttype_typedef(&arena, "__kernel_pid_t", "kernel",
				   stp_ttype_int(&arena, 4, true));
	td2 = stp_ttype_typedef(&arena, "pid_t", "kernel", pid_t_);
	check_name(td2, "pid_t");
	check_name(stp_ttype_pointer(&arena, td2), "pid_t*");
	t = stp_ttype_strip(td2);
	CHECK(t && t->kind == STP_TT_INT && t->size == 4 && t->is_signed,
	      "pid_t strips to s32");
	CHECK(stp_ttype_strip(ptr) == ptr, "strip leaves a non-typedef");
	CHECK(stp_ttype_strip(NULL) == NULL, "strip of void");

	/* a long chain is named without recursion */
	t = u8;
	for (i = 0; i < 100000; i++)
		t = stp_ttype_pointer(&arena, t);
	CHECK_EQ(strlen(stp_ttype_name(&arena, t)), 2 + 100000,
		 "100000 pointers deep");

	stp_arena_free(&arena);
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed != 0;
}
