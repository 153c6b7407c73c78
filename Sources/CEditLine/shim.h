#ifndef GD_CEDITLINE_SHIM_H
#define GD_CEDITLINE_SHIM_H
// Thin, non-variadic wrappers over libedit's native API (histedit.h).
// Swift cannot call C variadic functions (el_set, el_get, history), so each
// use gd needs gets a small static inline function here. Nothing else lives
// in this header: the editing logic is in Sources/gd/LineEditor.swift.
#include <stdio.h>
#include <locale.h>
#include <string.h>
#include <histedit.h>

/// el_init on the process's standard streams (Swift 6 rejects the mutable
/// C globals `stdin`/`stdout`/`stderr`).
static inline EditLine *gd_el_init_stdio(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

/// Selects the user's locale for character classification, so libedit reads
/// and shows multibyte (UTF-8) input such as `θ` instead of dropping it.
/// When the environment names no locale (the plain "C"/"POSIX" one, common
/// in containers), C.UTF-8 is used instead, as Python does (PEP 538): gd's
/// names are Unicode, and the C locale would silently drop `θ`.
static inline void gd_setlocale_ctype_from_environment(void) {
    const char *chosen = setlocale(LC_CTYPE, "");
    if (chosen == NULL || strcmp(chosen, "C") == 0 || strcmp(chosen, "POSIX") == 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "C.utf8");
    }
}

static inline int gd_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) {
    return el_set(el, EL_PROMPT, prompt);
}

static inline int gd_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/// With a nonzero flag libedit installs its own handlers while el_gets runs:
/// on SIGINT it restores the terminal, re-sends the signal to the process
/// (reaching gd's handler), and el_gets returns NULL with count -1.
static inline int gd_el_set_signal(EditLine *el, int handleSignals) {
    return el_set(el, EL_SIGNAL, handleSignals);
}

static inline int gd_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int gd_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *gd_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

static inline int gd_el_add_function(EditLine *el, const char *name, const char *help,
                                     unsigned char (*function)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/// Binds one key sequence (`^I` for Tab) to a named editor function.
static inline int gd_el_bind(EditLine *el, const char *keys, const char *function) {
    return el_set(el, EL_BIND, keys, function, (const char *)NULL);
}

/// The terminal's width in columns as libedit knows it, or 0 if unknown.
static inline int gd_el_terminal_columns(EditLine *el) {
    int columns = 0;
    if (el_get(el, EL_GETTC, "co", &columns, (void *)NULL) != 0) return 0;
    return columns;
}

/// Writes text to the editor's output stream and flushes it.
static inline void gd_write_stdout(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

static inline int gd_history_set_size(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}

static inline int gd_history_set_unique(History *h, int unique) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, unique);
}

static inline int gd_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

/// Reads a history file written by gd_history_save (vis-encoded lines).
static inline int gd_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

static inline int gd_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

#endif
