/* A checked IVR script (contactcore/ivr.h): sections and their commands in
 * flat arrays, the control flow resolved to indexes.  A "pc" is where the
 * call goes next: a command index (>= 0) or the end of section s
 * (IVR_END(s) < 0).  Shared by the lcc_ivr handle and its sessions
 * (reference counted); immutable once built. */
#ifndef LCC_IVR_SCRIPT_H
#define LCC_IVR_SCRIPT_H

#include <stdint.h>

#include "contactcore/ivr.h"
#include "core/arena.h"
#include "core/context.h"
#include "core/report.h"
#include "ivr/doc.h"

#define IVR_END(s) (-1 - (int32_t)(s))   /* pc: the end of section s */
#define IVR_END_SECTION(pc) (-1 - (pc)) /* the section of an end pc */

enum ivr_cmd_kind {
    IVR_BAD = 0, /* a command that was reported: never run (scripts with errors are not handed out) */
    IVR_PLAY = 1,
    IVR_RING = 2,
    IVR_CALLBACK = 3,
    IVR_VOICEMAIL = 4,
    IVR_GOTO = 5,
    IVR_CHOICE = 6
};

typedef struct ivr_cmd {
    uint8_t kind;         /* ivr_cmd_kind */
    uint32_t line, col;   /* of the command in the script */
    int32_t section;      /* the section it belongs to */
    int32_t next;         /* pc after it (the end of an option's list: the pc after its choice) */
    const char *text;     /* PLAY: the URL; GOTO: the section name; else NULL */
    int32_t target;       /* GOTO: the section index, -1 when it does not exist */
    uint32_t opt, n_opt;  /* CHOICE: its options, options[opt .. opt + n_opt) */
} ivr_cmd;

typedef struct ivr_option {
    char key;             /* '0'-'9', '*', '#' */
    uint32_t line, col;   /* of its key */
    const char *name;     /* NULL: none */
    const char *play;     /* its prompt URL, NULL: none */
    int32_t entry;        /* pc of its first command (a `goto:` option is one IVR_GOTO
                             command); the pc after the choice for an empty `do` */
} ivr_option;

typedef struct ivr_section {
    const char *name;
    uint32_t line, col;   /* of its key */
    int32_t entry;        /* pc of its first command, IVR_END(itself) when empty */
} ivr_section;

typedef struct ivr_script {
    unsigned refs;
    lcc__arena arena;     /* the arrays and the texts */
    ivr_section *sections;
    ivr_cmd *cmds;
    ivr_option *options;
    uint32_t n_sections, n_cmds, n_options;
    int32_t online, offline, queue; /* section indexes (-1 while missing: only in reports) */
} ivr_script;

/* Builds and checks a script from a document: IVR-SECTIONS, IVR-COMMANDS,
 * IVR-GOTO, IVR-CB-OFFLINE entries (and warnings) go to d.  LCC_OK with
 * *out (refs 1) when d's report has no errors; LCC_EVALIDATION (nothing handed
 * out); LCC_ENOMEM. */
lcc_status lcc__ivr_build(ivr_script **out, ivr_diag *d, const lcc_allocator *a,
                          const ivr_node *root);

/* Reference counting: the last release frees the script. */
void lcc__ivr_script_retain(ivr_script *s);
void lcc__ivr_script_release(ivr_script *s);

/* The handle of a checked script (lcc_ivr). */
#define LCC__MAGIC_IVR 0x4c434369u         /* "LCCi" */
#define LCC__MAGIC_IVR_SESSION 0x4c434373u /* "LCCs" */
struct lcc_ivr {
    lcc__handle h;
    ivr_script *script;
};

#endif
