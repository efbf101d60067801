/* SPDX-License-Identifier: GPL-2.0-or-later */
/* grammar.y - the SystemTap language, tokens to AST.
 *
 * The preprocessor has already expanded macros, arguments and
 * conditionals, and glued probe point names into COMPONENT tokens.
 * Actions only build nodes (ast-build.c); the few checks SystemTap makes
 * while parsing (guru-only constructs, literal format strings, where a
 * histogram may stand, 'return' outside functions) report through diag
 * and keep going.
 *
 * Statements need no ';' between them, so an expression statement ends
 * where the next token cannot continue it: `a -b` is one subtraction,
 * as in SystemTap.  Such "shift rather than end the statement" choices
 * are made with the STMT_END precedence, not left as conflicts.
 */

%code requires {
#include "parse.h"
struct gram;
struct stp_span {
	const struct stp_token *tok;	/* first token of the construct */
};
}

%code provides {
int stp_gram_parse(struct gram *g);
}

%code {
#include <string.h>

#include "ast-build.h"

int stp_gram_lex(STP_GRAM_STYPE *lval, STP_GRAM_LTYPE *lloc, struct gram *g);
static void stp_gram_error(STP_GRAM_LTYPE *lloc, struct gram *g,
			   const char *msg);

#define YYLLOC_DEFAULT(cur, rhs, n)					\
	do {								\
		(cur).tok = (n) ? YYRHSLOC(rhs, 1).tok			\
				: YYRHSLOC(rhs, 0).tok;			\
	} while (0)
}

%define api.prefix {stp_gram_}
%define api.pure full
%define api.location.type {struct stp_span}
%define parse.error custom
%locations
%param {struct gram *g}
%expect 0

%union {
	const struct stp_token *tok;
	struct stp_expr *expr;
	struct stp_stmt *stmt;
	struct stp_comp *comp;
	struct stp_component *component;
	struct stp_seqs *seqs;
	struct stp_probe_point *point;
	struct stp_foreach *fe;
	struct stp_foreach_key *key;
	struct stp_param *param;
	struct stp_list *list;
	struct stp_decl *decl;
	int num;
}

%token END 0 "end of file"
%token <tok> IDENT "identifier" NUMBER "number" STRING "string literal"
%token <tok> EMBEDDED "embedded C code" TARGET "target variable"
%token <tok> COMPONENT "probe point component"
%token <tok> PROBE "'probe'" GLOBAL "'global'" FUNCTION "'function'"
%token <tok> PRIVATE "'private'" IF "'if'" ELSE "'else'" FOR "'for'"
%token <tok> FOREACH "'foreach'" IN "'in'" LIMIT "'limit'"
%token <tok> RETURN "'return'" DELETE "'delete'" WHILE "'while'"
%token <tok> BREAK "'break'" CONTINUE "'continue'" NEXT "'next'"
%token <tok> STRING_KW "'string'" LONG_KW "'long'" TRY "'try'"
%token <tok> CATCH "'catch'"
%token <tok> AT_CAST "'@cast'" AT_DEFINED "'@defined'" AT_ENTRY "'@entry'"
%token <tok> AT_VAR "'@var'" AT_PROBEWRITE "'@probewrite'"
%token <tok> AT_CONST "'@const'" AT_PERF "'@perf'"
%token <tok> AT_REGISTER "'@kregister'" AT_DEREF "'@kderef'"
%token <tok> AT_STAT "statistic operator"
%token <tok> AT_HIST_LOG "'@hist_log'" AT_HIST_LINEAR "'@hist_linear'"
%token <tok> ASSIGN_OP "assignment operator"
%token <tok> EQ "'=='" NE "'!='" LE "'<='" GE "'>='" MATCH "'=~'"
%token <tok> NOMATCH "'!~'" ANDAND "'&&'" OROR "'||'" INC "'++'"
%token <tok> DEC "'--'" ARROW "'->'" SHL "'<<'" SHR "'>>'"
%token <tok> '-' '+' '*' '/' '%' '.' '<' '>' '=' '!' '~' '&' '|' '^'
%token <tok> '?' ':' ';' ',' '(' ')' '[' ']' '{' '}'
/* Never reach the grammar: the preprocessor consumes or reports them. */
%token <tok> PP_OPEN "'%('" PP_THEN "'%?'" PP_ELSE "'%:'" PP_CLOSE "'%)'"
%token <tok> PP_STRAY_EMBED_END "'%}'" AT_WORD "macro" AT_DEFINE "'@define'"
%token <tok> ARG_NUM "'$N'" ARG_STR "'@N'" ARG_COUNT "'$#'"
%token <tok> PRETTY "'$'"
/* an error was reported here: the parser skips to the next declaration */
%token <tok> LEX_ERROR "error"
/* '{' '}' around probe point alternatives, told apart by the preprocessor */
%token <tok> ALT_OPEN "'{' of alternatives" ALT_CLOSE "'}' of alternatives"

/* lowest first */
%precedence STMT_END
%precedence ';'
%precedence IFX
%precedence ELSE
%right ASSIGN_OP '='
%right '?' ':'
%left OROR
%left ANDAND
%left '|'
%left '^'
%left '&'
%precedence IN
%left EQ NE '<' '>' LE GE MATCH NOMATCH
%left SHL SHR
%left '.'
%left '+' '-'
%left '*' '/' '%'
%precedence UNARY
%precedence INC DEC
%precedence '[' '(' STRING
/* Tokens that can start an expression: after `return` they are its value,
 * never the start of the next statement. */
%precedence IDENT NUMBER TARGET EMBEDDED '!' '~' AT_CAST AT_DEFINED AT_ENTRY AT_VAR
%precedence AT_PROBEWRITE AT_CONST AT_PERF AT_REGISTER AT_DEREF AT_STAT
%precedence AT_HIST_LOG AT_HIST_LINEAR

%type <expr> expr expr_opt primary value tchain tbase hist_op string_lit paren
%type <expr> literal index_item signed_number limit_opt
%type <list> args args_ne index_list
%type <stmt> stmt block stmts stmt_body
%type <comp> field
%type <tok> keyword function_name
%type <component> component
%type <seqs> components comp_item alternatives
%type <point> probe_point probe_points alias_names
%type <fe> foreach_spec foreach_keys
%type <key> key key_list
%type <param> param params params_ne
%type <num> sort_opt sort markers type_opt type
%type <decl> global_item global_items

%%

file:
	  %empty
	| file toplevel
	;

toplevel:
	  declaration
		{ gram_decl_done(g); }
	| error
		{ if (gram_recover(g, yychar)) yyclearin; yyerrok; }
	;

declaration:
	  probe_decl
	| function_decl
	| GLOBAL global_items opt_semi
		{ gram_globals(g, $2, 0); }
	| PRIVATE GLOBAL global_items opt_semi
		{ gram_globals(g, $3, 1); }
	| PRIVATE global_items opt_semi
		{ gram_globals(g, $2, 1); }
	| PRIVATE function_decl_private
	| EMBEDDED
		{ gram_embedded_top(g, $1); }
	;

opt_semi:
	  %empty %prec STMT_END
	| ';'
	;

/* -- probes ------------------------------------------------------------- */

probe_decl:
	  PROBE probe_points block
		{ gram_probe(g, $1, STP_PROBE_PLAIN, NULL, $2, $3); }
	| PROBE alias_names probe_points block
		{ gram_probe(g, $1, gram_alias_kind($2), $2, $3, $4); }
	| PROBE alias_names probe_points block ',' block
		{ gram_probe(g, $1, gram_alias_kind($2), $2, $3, $4);
		  gram_probe_epilogue(g, $6); }
	;

/* `probe a = b += kernel.function("f")`: one or more names */
alias_names:
	  components '='
		{ $$ = gram_alias_name(g, NULL, $1, '='); }
	| components ASSIGN_OP
		{ $$ = gram_alias_name(g, NULL, $1, gram_epilogue_op(g, $2)); }
	| alias_names components '='
		{ $$ = gram_alias_name(g, $1, $2, '='); }
	| alias_names components ASSIGN_OP
		{ $$ = gram_alias_name(g, $1, $2, gram_epilogue_op(g, $3)); }
	;

/* newest first (a probe may list thousands): gram_probe reverses */
probe_points:
	  probe_point
		{ $$ = gram_push_points(NULL, $1); }
	| probe_points ',' probe_point
		{ $$ = gram_push_points($1, $3); }
	;

probe_point:
	  components markers
		{ $$ = gram_points(g, $1, $2, NULL); }
	| components markers IF '(' expr ')'
		{ $$ = gram_points(g, $1, $2, $5); }
	;

markers:
	  %empty	{ $$ = 0; }
	| '?'		{ $$ = '?'; }
	| '!'		{ $$ = '!'; }
	;

/* A set of component sequences: `{a,b}.c` is a.c and b.c. */
components:
	  comp_item
	| components '.' comp_item
		{ $$ = gram_seqs_concat(g, $1, $3); }
	;

comp_item:
	  component
		{ $$ = gram_seqs_one(g, $1); }
	| ALT_OPEN alternatives ALT_CLOSE
		{ $$ = $2; }
	;

/* each alternative may be optional or sufficient on its own:
 * kernel.{trace("a")!, trace("b")} */
alternatives:
	  components markers
		{ $$ = gram_seqs_mark($1, $2); }
	| alternatives ',' components markers
		{ $$ = gram_seqs_union(g, $1, gram_seqs_mark($3, $4)); }
	;

component:
	  COMPONENT
		{ $$ = gram_component(g, $1, NULL); }
	| COMPONENT '(' literal ')'
		{ $$ = gram_component(g, $1, $3); }
	;

literal:
	  string_lit %prec STMT_END
	| signed_number
	;

signed_number:
	  NUMBER
		{ $$ = gram_number(g, $1, 0); }
	| '-' NUMBER
		{ $$ = gram_number(g, $2, 1); }
	;

/* -- functions and globals ----------------------------------------------- */

function_decl:
	  FUNCTION function_name type_opt '(' params ')'
		{ g->in_function = 1; }
	  stmt_body
		{ g->in_function = 0; gram_function(g, $2, $3, $5, $8, 0); }
	;

function_decl_private:
	  FUNCTION function_name type_opt '(' params ')'
		{ g->in_function = 1; }
	  stmt_body
		{ g->in_function = 0; gram_function(g, $2, $3, $5, $8, 1); }
	;

/* SystemTap's tapsets define functions named string() and long() */
function_name:
	  IDENT
	| STRING_KW
	| LONG_KW
	;

stmt_body:
	  block
	| EMBEDDED
		{ $$ = gram_embedded_body(g, $1); }
	;

type_opt:
	  %empty	{ $$ = STP_T_UNKNOWN; }
	| ':' type	{ $$ = $2; }
	;

type:
	  LONG_KW	{ $$ = STP_T_LONG; }
	| STRING_KW	{ $$ = STP_T_STRING; }
	| IDENT		{ $$ = gram_bad_type(g, $1); }
	;

params:
	  %empty	{ $$ = NULL; }
	| params_ne
	| params_ne ','		/* SystemTap allows f(a, b, ) */
	;

params_ne:
	  param
	| params_ne ',' param
		{ $$ = gram_append_param(g, $1, $3); }
	;

param:
	  IDENT type_opt
		{ $$ = gram_param(g, $1, $2); }
	;

global_items:
	  global_item
	| global_items ',' global_item	/* newest first: gram_globals */
		{ $3->next = $1; $$ = $3; }
	;

global_item:
	  IDENT
		{ $$ = gram_global(g, $1, NULL, -1, 0); }
	| IDENT '=' literal
		{ $$ = gram_global(g, $1, $3, -1, 0); }
	| IDENT '[' NUMBER ']'
		{ $$ = gram_global(g, $1, NULL, gram_array_size(g, $3), 0); }
	| IDENT '[' NUMBER ']' '=' literal
		{ $$ = gram_global(g, $1, NULL, gram_array_size(g, $3), 0);
		  gram_error(g, $5, STP_GLOBAL_INIT); }
	| IDENT '%'
		{ $$ = gram_global(g, $1, NULL, 0, 1); }
	| IDENT '%' '=' literal
		{ $$ = gram_global(g, $1, $4, 0, 1); }
	| IDENT '%' '[' NUMBER ']'
		{ $$ = gram_global(g, $1, NULL, gram_array_size(g, $4), 1); }
	;

/* -- statements ------------------------------------------------------------ */

block:
	  '{' stmts '}'
		{ $$ = gram_block(g, $1, $2); }
	;

/* built in reverse (O(1) per statement); gram_block puts it in order */
stmts:
	  %empty	{ $$ = NULL; }
	| stmts stmt	{ $$ = gram_prepend_stmt($1, $2); }
	;

stmt:
	  block
	| ';'
		{ $$ = gram_stmt(g, STP_S_NULL, $1); }
	| expr ';'
		{ $$ = gram_expr_stmt(g, $1); }
	| expr %prec STMT_END
		{ $$ = gram_expr_stmt(g, $1); }
	| IF '(' expr ')' stmt %prec IFX
		{ $$ = gram_if(g, $1, $3, $5, NULL); }
	| IF '(' expr ')' stmt ELSE stmt
		{ $$ = gram_if(g, $1, $3, $5, $7); }
	| WHILE '(' expr ')' stmt
		{ $$ = gram_while(g, $1, $3, $5); }
	| FOR '(' expr_opt ';' expr_opt ';' expr_opt ')' stmt
		{ $$ = gram_for(g, $1, $3, $5, $7, $9); }
	| FOREACH '(' foreach_spec ')' stmt
		{ $$ = gram_foreach_stmt(g, $1, $3, $5); }
	| BREAK semi_opt
		{ $$ = gram_stmt(g, STP_S_BREAK, $1); }
	| CONTINUE semi_opt
		{ $$ = gram_stmt(g, STP_S_CONTINUE, $1); }
	| NEXT semi_opt
		{ $$ = gram_stmt(g, STP_S_NEXT, $1); }
	| RETURN semi_opt
		{ $$ = gram_return(g, $1, NULL); }
	| RETURN expr semi_opt
		{ $$ = gram_return(g, $1, $2); }
	| DELETE expr semi_opt
		{ $$ = gram_delete(g, $1, $2); }
	| TRY block CATCH block
		{ $$ = gram_try(g, $1, $2, NULL, $4); }
	| TRY block CATCH '(' IDENT ')' block
		{ $$ = gram_try(g, $1, $2, $5, $7); }
	;

semi_opt:
	  %empty %prec STMT_END
	| ';'
	;

expr_opt:
	  %empty	{ $$ = NULL; }
	| expr
	;

foreach_spec:
	  foreach_keys IN IDENT sort_opt limit_opt
		{ $$ = gram_foreach(g, $1, gram_symbol(g, $3), NULL, $4, $5); }
	| foreach_keys IN IDENT '[' index_list ']' sort_opt limit_opt
		{ $$ = gram_foreach(g, $1, gram_symbol(g, $3), $5, $7, $8); }
	| foreach_keys IN IDENT AT_STAT sort limit_opt
		{ $$ = gram_foreach(g, $1, gram_symbol(g, $3), NULL, $5, $6);
		  $$->sort_aggr = $4->text; }
	| foreach_keys IN IDENT '[' index_list ']' AT_STAT sort limit_opt
		{ $$ = gram_foreach(g, $1, gram_symbol(g, $3), $5, $8, $9);
		  $$->sort_aggr = $7->text; }
	| foreach_keys IN hist_op sort_opt limit_opt
		{ $$ = gram_foreach(g, $1, $3, NULL, $4, $5); }
	;

limit_opt:
	  %empty	{ $$ = NULL; }
	| LIMIT expr	{ $$ = $2; }
	;

foreach_keys:
	  key
		{ $$ = gram_foreach_keys(g, NULL, $1, 0); }
	| '[' key_list ']'
		{ $$ = gram_foreach_keys(g, NULL, $2, 1); }
	| key '=' key
		{ $$ = gram_foreach_keys(g, $1, $3, 0); }
	| key '=' '[' key_list ']'
		{ $$ = gram_foreach_keys(g, $1, $4, 1); }
	;

key_list:
	  key
	| key_list ',' key
		{ $$ = gram_append_key($1, $3); }
	;

key:
	  IDENT sort_opt
		{ $$ = gram_key(g, $1, $2); }
	;

sort_opt:
	  %empty	{ $$ = 0; }
	| sort
	;

sort:
	  '+'		{ $$ = '+'; }
	| '-'		{ $$ = '-'; }
	;

/* -- expressions ----------------------------------------------------------- */

expr:
	  value
	| expr ASSIGN_OP expr
		{ $$ = gram_binary(g, STP_E_ASSIGN, $2, $1, $3); }
	| expr '=' expr
		{ $$ = gram_binary(g, STP_E_ASSIGN, $2, $1, $3); }
	| expr '?' expr ':' expr
		{ $$ = gram_ternary(g, $2, $1, $3, $5); }
	| expr OROR expr	{ $$ = gram_binary(g, STP_E_LOGICAL, $2, $1, $3); }
	| expr ANDAND expr	{ $$ = gram_binary(g, STP_E_LOGICAL, $2, $1, $3); }
	| expr '|' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '^' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '&' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr IN IDENT
		{ $$ = gram_in(g, $2, gram_list1(g, $1), gram_symbol(g, $3)); }
	| expr IN hist_op
		{ $$ = gram_in(g, $2, gram_list1(g, $1), $3); }
	| '[' index_list ']' IN IDENT
		{ $$ = gram_in(g, $4, $2, gram_symbol(g, $5)); $$->bracketed = 1; }
	| '[' index_list ']' IN hist_op
		{ $$ = gram_in(g, $4, $2, $5); $$->bracketed = 1; }
	| expr EQ expr		{ $$ = gram_binary(g, STP_E_COMPARE, $2, $1, $3); }
	| expr NE expr		{ $$ = gram_binary(g, STP_E_COMPARE, $2, $1, $3); }
	| expr '<' expr		{ $$ = gram_binary(g, STP_E_COMPARE, $2, $1, $3); }
	| expr '>' expr		{ $$ = gram_binary(g, STP_E_COMPARE, $2, $1, $3); }
	| expr LE expr		{ $$ = gram_binary(g, STP_E_COMPARE, $2, $1, $3); }
	| expr GE expr		{ $$ = gram_binary(g, STP_E_COMPARE, $2, $1, $3); }
	| expr MATCH string_lit	{ $$ = gram_binary(g, STP_E_REGEX, $2, $1, $3); }
	| expr NOMATCH string_lit { $$ = gram_binary(g, STP_E_REGEX, $2, $1, $3); }
	| expr SHL expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr SHR expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '.' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '+' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '-' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '*' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '/' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| expr '%' expr		{ $$ = gram_binary(g, STP_E_BINARY, $2, $1, $3); }
	| '-' expr %prec UNARY	{ $$ = gram_unary(g, $1, $2); }
	| '+' expr %prec UNARY	{ $$ = gram_unary(g, $1, $2); }
	| '!' expr %prec UNARY	{ $$ = gram_unary(g, $1, $2); }
	| '~' expr %prec UNARY	{ $$ = gram_unary(g, $1, $2); }
	| '&' expr %prec UNARY	{ $$ = gram_unary(g, $1, $2); }
	| INC expr %prec UNARY	{ $$ = gram_crement(g, STP_E_PREINC, $1, $2); }
	| DEC expr %prec UNARY	{ $$ = gram_crement(g, STP_E_PREINC, $1, $2); }
	| expr INC		{ $$ = gram_crement(g, STP_E_POSTINC, $2, $1); }
	| expr DEC		{ $$ = gram_crement(g, STP_E_POSTINC, $2, $1); }
	;

value:
	  primary %prec STMT_END
	| tchain %prec STMT_END
	;

/* Things that take ->field and [index] after them. */
tchain:
	  tbase
	| primary ARROW field
		{ $$ = gram_member(g, $1, $3); }
	| primary '[' expr ']'
		{ $$ = gram_member(g, $1, gram_comp_index(g, $2, $3)); }
	| primary PRETTY
		{ $$ = gram_member(g, $1, gram_pretty(g, $2)); }
	| tchain PRETTY
		{ $$ = gram_member(g, $1, gram_pretty(g, $2)); }
	| tchain ARROW field
		{ $$ = gram_member(g, $1, $3); }
	| tchain '[' expr ']'
		{ $$ = gram_member(g, $1, gram_comp_index(g, $2, $3)); }
	;

/* after '->' even keywords are field names: `list->next` */
field:
	  IDENT		{ $$ = gram_field(g, $1); }
	| keyword	{ $$ = gram_field(g, $1); }
	;

keyword:
	  PROBE | GLOBAL | FUNCTION | PRIVATE | IF | ELSE | FOR | FOREACH | IN
	| LIMIT | RETURN | DELETE | WHILE | BREAK | CONTINUE | NEXT | STRING_KW
	| LONG_KW | TRY | CATCH
	;

tbase:
	  TARGET
		{ $$ = gram_target(g, $1); }
	| AT_CAST '(' expr ',' string_lit ')'
		{ $$ = gram_atop(g, $1, gram_list3(g, $3, $5, NULL)); }
	| AT_CAST '(' expr ',' string_lit ',' string_lit ')'
		{ $$ = gram_atop(g, $1, gram_list3(g, $3, $5, $7)); }
	| AT_VAR '(' string_lit ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_VAR '(' string_lit ',' string_lit ')'
		{ $$ = gram_atop(g, $1, gram_list3(g, $3, $5, NULL)); }
	;

primary:
	  string_lit %prec STMT_END
	| NUMBER
		{ $$ = gram_number(g, $1, 0); }
	| IDENT %prec STMT_END
		{ $$ = gram_symbol(g, $1); }
	| IDENT '[' index_list ']'
		{ $$ = gram_index(g, gram_symbol(g, $1), $3); }
	| IDENT '(' args ')'
		{ $$ = gram_call(g, $1, $3); }
	| hist_op '[' expr ']'
		{ $$ = gram_index(g, $1, gram_list1(g, $3)); }
	| paren
	| EMBEDDED
		{ $$ = gram_embedded_expr(g, $1); }
	| AT_ENTRY '(' expr ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_DEFINED '(' expr ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_PROBEWRITE '(' expr ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_CONST '(' string_lit ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_PERF '(' string_lit ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3));
		  /* a perf counter's name, as SystemTap: never empty */
		  if (!$3->str[0])
			  gram_error(g, $4, STP_SYNTAX, "unexpected ')', "
				     "expecting a non-empty string (the name "
				     "of a perf counter)"); }
	| AT_REGISTER '(' expr ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_DEREF '(' expr ',' expr ')'
		{ $$ = gram_atop(g, $1, gram_list3(g, $3, $5, NULL)); }
	| AT_STAT '(' expr ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_STAT '(' expr ',' expr ')'
		{ $$ = gram_stat_shift(g, $1, $3, $5); }
	| hist_op %prec STMT_END
		{ $$ = gram_hist_value(g, $1); }
	;

paren:
	  '(' expr ')'
		{ $$ = $2; $$->parenthesized = 1; }
	;

hist_op:
	  AT_HIST_LOG '(' expr ')'
		{ $$ = gram_atop(g, $1, gram_list1(g, $3)); }
	| AT_HIST_LINEAR '(' expr ',' signed_number ',' signed_number ','
	  signed_number ')'
		{ $$ = gram_hist_linear(g, $1, $3, $5, $7, $9); }
	;

string_lit:
	  STRING
		{ $$ = gram_string(g, $1); }
	| string_lit STRING
		{ $$ = gram_string_append(g, $1, $2); }
	;

args:
	  %empty	{ $$ = gram_list0(g); }
	| args_ne
	;

args_ne:
	  expr
		{ $$ = gram_list1(g, $1); }
	| args_ne ',' expr
		{ $$ = gram_list_add(g, $1, $3); }
	;

index_list:
	  index_item
		{ $$ = gram_list1(g, $1); }
	| index_list ',' index_item
		{ $$ = gram_list_add(g, $1, $3); }
	;

index_item:
	  expr
	| '*'
		{ $$ = gram_wildcard(g, $1); }
	;

%%

static int yyreport_syntax_error(const yypcontext_t *ctx, struct gram *g)
{
	yysymbol_kind_t expected[8];
	const char *names[8];
	int n = yypcontext_expected_tokens(ctx, expected, 8), i;

	/* past six alternatives a list helps nobody */
	if (n < 0 || n > 6)
		n = 0;
	for (i = 0; i < n; i++)
		names[i] = yysymbol_name(expected[i]);
	gram_syntax_error(g, yypcontext_location(ctx)->tok, names, n);
	return 0;
}

static void stp_gram_error(STP_GRAM_LTYPE *lloc, struct gram *g,
			   const char *msg)
{
	/* Only reached for "memory exhausted": the parser stack overflowed
	 * on absurdly deep nesting. */
	(void)msg;
	gram_error(g, lloc->tok, STP_NESTING_TOO_DEEP);
}
