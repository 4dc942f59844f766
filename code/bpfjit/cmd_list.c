// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit list: what an object holds, as the loader reads it: its
 * programs (function, section, type, whether it loads by default, and
 * why it could not load if the loader already knows) and its maps.
 * Nothing is loaded.
 */
#include <stdlib.h>
#include <string.h>

#include "bpf_object.h"
#include "bpfjit.h"

static const char usage[] =
"usage: bpfjit list FILE\n"
"\n"
"List the programs and maps of an ELF object, one per line:\n"
"  prog NAME SECTION TYPE INSNS [noautoload] [: why it cannot load]\n"
"  map NAME TYPE key KEY value VALUE max_entries N flags 0xF\n";

int cmd_list(int argc, char **argv)
{
	struct bpf_object *obj;
	char msg[512] = "";
	int err;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fputs(usage, stderr);
		return 2;
	}
	err = bpf_object_open_file(argv[1], NULL, &obj, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "bpfjit: %s: -%s: %s\n", argv[1], errno_name(err), msg);
		return 1;
	}
	for (u32 i = 0; i < obj->nr_progs; i++) {
		const struct bpf_object_prog *p = &obj->progs[i];

		printf("prog %s %s %s %u%s%s%s%s\n", p->name, p->sec_name,
		       bpf_object_prog_type_name(p->type) ? : "?", p->cnt,
		       p->autoload ? "" : " noautoload", p->nr_core ? " core" : "",
		       p->err[0] ? " : " : "", p->err);
	}
	for (u32 i = 0; i < obj->nr_maps; i++) {
		const struct bpf_object_map *m = &obj->maps[i];

		printf("map %s %s key %u value %u max_entries %u flags 0x%x\n", m->name,
		       bpf_object_map_type_name(m->type) ? : "?", m->key_size, m->value_size,
		       m->max_entries, m->map_flags);
	}
	bpf_object_close(obj);
	return 0;
}
