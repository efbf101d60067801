# testsuite/generated/emit-checks.sh - checks of pass 3's C and of its
# line map, sourced by testsuite/run (generated set): the properties are
# of the generated C, not its whole text.

# -p3 of the README's one-liner reads as code: no statement expression
# ("({"), no line over 100 characters; the key of c[execname()] <<< 1
# read in place once, in one update of the array; one lookup of an
# aggregate element for all its operators.
run_emit_readable() {
	local name=generated/p3_readable o="$out/readme.c"
	if ! "$stap" -p3 -e 'global sz
      probe kernel.function("ksys_read").return { if (returnval() > 0) sz[execname()] <<< returnval() }
      probe end { foreach (p in sz- limit 3) { println(p) print(@hist_log(sz[p])) } }' >"$o" 2>"$out/e"; then
		fail $name "pass 3 fails" "$out/e"
	elif grep -n '({' "$o" >"$out/e" ||
	     awk 'length > 100 { print FILENAME ":" FNR ": " length; bad = 1 } END { exit !bad }' "$o" >"$out/e"; then
		fail $name "a statement expression or a line over 100 characters" "$out/e"
	else
		pass $name
	fi
	name=generated/p3_one_lookup
	o="$out/key.c"
	if ! "$stap" -p3 -e 'global c probe begin { c[execname()] <<< 1 }' >"$o" 2>"$out/e"; then
		fail $name "pass 3 fails" "$out/e"
		return
	fi
	sed -n '/^static void probe_0(/,/^}/p' "$o" >"$out/body"
	if [ "$(grep -c '_stp_array_' "$out/body")" = 1 ] &&
	   [ "$(grep -c 'execname' "$out/body")" = 1 ] &&
	   grep -q '_stp_array_stat_add_str16(c, &stp_g_c, &stp_gdesc_c, _stp_execname_key(), 1LL)' "$out/body"; then
		pass $name
	else
		fail $name "execname()'s key is not read once in one update" "$out/body"
	fi
	# autoprint of an aggregate array: @count, @min, @max, @sum, @avg
	# of each element from one lookup of it
	name=generated/p3_one_stat_lookup
	if "$stap" -p3 -e 'global a probe begin { a["x"] <<< 1 }' >"$o" 2>"$out/e" &&
	   sed -n '/^static void probe_1(/,/^}/p' "$o" >"$out/body" &&
	   [ "$(grep -c '_stp_array_stat_get(' "$out/body")" = 1 ] &&
	   [ "$(grep -c '_stp_stat_op(' "$out/body")" = 5 ]; then
		pass $name
	else
		fail $name "an element looked up more than once" "$out/body"
	fi
}

# A format's text in the comment above its spec table: a "*/" in it once
# ended the comment early, and the rest of the format became C.
run_emit_format_comment() {
	local name=generated/p3_format_comment
	if "$stap" -p3 -e 'probe begin { printf("a */ b %d\n", 1) }' >"$out/f.c" 2>"$out/e" &&
	   grep -q '^/\* a \* / b %d\\n \*/$' "$out/f.c"; then
		pass $name
	else
		fail $name "the format's comment is not one comment" "$out/f.c"
	fi
}

# A tapset's embedded C hint pragma:key16 EXPR is one of the comments
# that open the code; the same comment after C is C.  A -p3 of both
# shows which one the translator believes.
run_emit_key16_pragma() {
	local name=generated/pragma_key16 d="$out/hints"
	mkdir -p "$d"
	cat >"$d/hints.stp" <<'STP'
function head_key:string () %{ /* pure */
	/* pragma:key16 my_head_key() */
	STAP_RETURN("h");
%}
function late_key:string () %{ STAP_RETURN("l");
	/* pragma:key16 my_late_key() */
%}
STP
	if "$stap" -p3 -I "$d" -e 'global a, b
probe begin { a[head_key()] <<< 1; b[late_key()] <<< 1 }' >"$out/k.c" 2>"$out/e" &&
	   grep -q '_stp_array_stat_add_str16(c, &stp_g_a, &stp_gdesc_a, my_head_key(), 1LL)' "$out/k.c" &&
	   ! grep -q '_stp_array_stat_add_str16(c, &stp_g_b' "$out/k.c" &&
	   grep -q '_stp_array_stat_add1(c, &stp_g_b, ' "$out/k.c"; then
		pass $name
	else
		fail $name "pragma:key16 not taken from the head of the code only" "$out/k.c"
	fi
}

# A compiler error maps to the script line through pass 3's line map:
# in embedded C, the line of the C that fails, even after a comment that
# looks like a place ("x.c:12", which the old comment reader took for
# one); in a statement, the statement's line.  Needs a kernel build tree.
run_emit_line_map() {
	local name
	if [ -z "$kver" ] || [ ! -d "/lib/modules/$kver/build" ]; then
		skip generated/line_map "no kernel build tree for '$kver'"
		return
	fi
	name=generated/line_map_embedded
	printf '%s\n' 'function f:long () %{' '	/* see x.c:12 */' '	int a = 1;' \
		'	STAP_RETURN(a + no_such_thing);' '%}' \
		'probe begin { println(f()) }' >"$out/lm1.stp"
	(cd "$out" && "$stap" -p4 -g -r "$kver" lm1.stp) >/dev/null 2>"$out/e"
	if grep -qx '  while compiling the code of lm1.stp:4' "$out/e" &&
	   grep -q "compilation failed in the script's embedded C" "$out/e"; then
		pass $name
	else
		fail $name "the error is not mapped to lm1.stp:4" "$out/e"
	fi
	name=generated/line_map_statement
	printf '%s\n' 'probe begin {' '	x = 1' '	y = x + %{ no_such_thing %}' \
		'	println(y)' '}' >"$out/lm2.stp"
	(cd "$out" && "$stap" -p4 -g -r "$kver" lm2.stp) >/dev/null 2>"$out/e"
	if grep -qx '  while compiling the code of lm2.stp:3' "$out/e"; then
		pass $name
	else
		fail $name "the error is not mapped to lm2.stp:3" "$out/e"
	fi
}

run_generated_emit() {
	run_emit_readable
	run_emit_format_comment
	run_emit_key16_pragma
	run_emit_line_map
}
