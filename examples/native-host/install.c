/* contactcore-native-host install | uninstall: the host manifest where a
 * browser looks for it, and the caller in the configuration.
 *
 * The manifest ({"name", "description", "path", "type": "stdio",
 * "allowed_origins"} for Chromium and Chrome, "allowed_extensions" for
 * Firefox) names this program by its absolute path.  An existing manifest
 * of the same host keeps the callers it lists; the new one is added.
 * Both files are written to a temporary name and renamed, so a browser
 * or a host starting meanwhile never reads half a file.
 */
#include "host.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum { B_CHROMIUM, B_CHROME, B_FIREFOX } browser;

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s (see --help)\n", NH_PROGRAM, what, arg ? " " : "",
            arg ? arg : "");
    return NH_EXIT_USAGE;
}

/* A Chromium extension id: 32 letters a..p. */
static int chromium_id(const char *id)
{
    if (strlen(id) != 32)
        return 0;
    for (const char *p = id; *p; p++)
        if (*p < 'a' || *p > 'p')
            return 0;
    return 1;
}

/* A Firefox extension id: "name@domain" or "{uuid}", printable, no quotes. */
static int firefox_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 200)
        return 0;
    for (const char *p = id; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == '"' || *p == '\\' || *p == '/' ||
            (unsigned char)*p >= 0x7f)
            return 0;
    return 1;
}

/* Where the manifest goes.  0, or an exit code after a message. */
static int manifest_path(char *buf, size_t size, browser b, int system_wide,
                         const char *user_data_dir)
{
    const char *file = NH_HOST_NAME ".json";
    int n;
    if (user_data_dir) {
        n = snprintf(buf, size, "%s/NativeMessagingHosts/%s", user_data_dir, file);
    } else if (system_wide) {
        static const char *const dirs[] = {"/etc/chromium/native-messaging-hosts",
                                           "/etc/opt/chrome/native-messaging-hosts",
                                           "/usr/lib/mozilla/native-messaging-hosts"};
        n = snprintf(buf, size, "%s/%s", dirs[b], file);
    } else {
        const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
        if (!home || !*home)
            return usage_error("HOME is not set: give --user-data-dir or --system", NULL);
        if (b == B_FIREFOX)
            n = snprintf(buf, size, "%s/.mozilla/native-messaging-hosts/%s", home, file);
        else if (xdg && xdg[0] == '/') /* Chromium and Chrome follow XDG_CONFIG_HOME */
            n = snprintf(buf, size, "%s/%s/NativeMessagingHosts/%s", xdg,
                         b == B_CHROME ? "google-chrome" : "chromium", file);
        else
            n = snprintf(buf, size, "%s/.config/%s/NativeMessagingHosts/%s", home,
                         b == B_CHROME ? "google-chrome" : "chromium", file);
    }
    if (n < 0 || (size_t)n >= size)
        return usage_error("the manifest's path is too long", NULL);
    return 0;
}

/* Writes text to path through path.tmp and a rename.  0 or -1 (errno). */
static int write_atomically(const char *path, const char *text, mode_t mode)
{
    char tmp[PATH_MAX + 16];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if (cc_make_parents(path) != 0)
        return -1;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    int saved = errno;
    if (fclose(f) != 0)
        ok = 0;
    if (ok && chmod(tmp, mode) == 0 && rename(tmp, path) == 0)
        return 0;
    saved = errno ? errno : saved;
    unlink(tmp);
    errno = saved;
    return -1;
}

/* A JSON document from a file: NULL and *missing when there is none; NULL
 * with a message in err when it is not JSON. */
static cJSON *read_json(const char *path, int *missing, char *err, size_t errlen)
{
    size_t len;
    *missing = 0;
    char *text = cc_read_file(path, &len, (size_t)1 << 20);
    if (!text) {
        if (errno == ENOENT)
            *missing = 1;
        else
            snprintf(err, errlen, "%s cannot be read: %s", path, strerror(errno));
        return NULL;
    }
    cJSON *doc = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(doc)) {
        snprintf(err, errlen, "%s is not a JSON object: not changed", path);
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* Adds the string s to the array `key` of obj (made when missing) unless
 * it is there.  0, or -1 (out of memory, or `key` is not an array). */
static int add_to_array(cJSON *obj, const char *key, const char *s)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!arr) {
        arr = cJSON_AddArrayToObject(obj, key);
        if (!arr)
            return -1;
    }
    if (!cJSON_IsArray(arr))
        return -1;
    for (const cJSON *v = arr->child; v; v = v->next)
        if (cJSON_IsString(v) && strcmp(v->valuestring, s) == 0)
            return 0;
    cJSON *str = cJSON_CreateString(s);
    if (!str)
        return -1;
    cJSON_AddItemToArray(arr, str);
    return 0;
}

static int write_manifest(const char *path, browser b, const char *origin, const char *exe)
{
    char err[512] = "";
    int missing;
    cJSON *doc = read_json(path, &missing, err, sizeof err);
    const char *list = b == B_FIREFOX ? "allowed_extensions" : "allowed_origins";
    cJSON *keep = NULL;
    if (doc) { /* the callers of a manifest of the same host stay */
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(doc, "name");
        if (cJSON_IsString(name) && strcmp(name->valuestring, NH_HOST_NAME) == 0)
            keep = cJSON_DetachItemFromObjectCaseSensitive(doc, list);
        cJSON_Delete(doc);
    }
    cJSON *m = cJSON_CreateObject();
    int ok = m && cJSON_AddStringToObject(m, "name", NH_HOST_NAME) &&
             cJSON_AddStringToObject(m, "description",
                                     "contactcore: callbacks, messages and time zones from "
                                     "libcontactcore") &&
             cJSON_AddStringToObject(m, "path", exe) &&
             cJSON_AddStringToObject(m, "type", "stdio");
    if (ok && cJSON_IsArray(keep)) {
        cJSON_AddItemToObject(m, list, keep);
        keep = NULL;
    }
    ok = ok && add_to_array(m, list, origin) == 0;
    char *text = ok ? cJSON_Print(m) : NULL;
    int rc = 0;
    if (!text) {
        fprintf(stderr, "%s: out of memory\n", NH_PROGRAM);
        rc = NH_EXIT_CONFIG;
    } else if (write_atomically(path, text, 0644) != 0) {
        fprintf(stderr, "%s: cannot write %s: %s\n", NH_PROGRAM, path, strerror(errno));
        rc = NH_EXIT_CONFIG;
    } else {
        printf("wrote the host manifest %s (%s %s)\n", path, list, origin);
    }
    free(text);
    cJSON_Delete(m);
    cJSON_Delete(keep);
    return rc;
}

static int add_to_config(const char *config, const char *origin)
{
    char path[4096], err[512] = "";
    if (config)
        snprintf(path, sizeof path, "%s", config);
    else if (cc_default_path(path, sizeof path, "CONFIG", "native-host.json") != 0)
        return usage_error("neither XDG_CONFIG_HOME nor HOME is set: give --config FILE", NULL);
    int missing;
    cJSON *doc = read_json(path, &missing, err, sizeof err);
    if (!doc && !missing) {
        fprintf(stderr, "%s: %s\n", NH_PROGRAM, err);
        return NH_EXIT_CONFIG;
    }
    if (!doc) {
        doc = cJSON_CreateObject();
        if (doc && !cJSON_AddStringToObject(doc, "backend", "engine")) {
            cJSON_Delete(doc);
            doc = NULL;
        }
    }
    int rc = 0;
    char *text = NULL;
    if (!doc || add_to_array(doc, "allowed_origins", origin) != 0 || !(text = cJSON_Print(doc))) {
        fprintf(stderr, "%s: %s: \"allowed_origins\" is not an array (or out of memory): not "
                        "changed\n", NH_PROGRAM, path);
        rc = NH_EXIT_CONFIG;
    } else if (write_atomically(path, text, 0600) != 0) {
        fprintf(stderr, "%s: cannot write %s: %s\n", NH_PROGRAM, path, strerror(errno));
        rc = NH_EXIT_CONFIG;
    } else {
        printf("%s %s allows %s\n", missing ? "created" : "updated", path, origin);
        char def[4096];
        if (cc_default_path(def, sizeof def, "CONFIG", "native-host.json") != 0 ||
            strcmp(def, path) != 0)
            printf("note: a browser starts the host without --config: it reads %s (with the "
                   "browser's XDG_CONFIG_HOME and HOME)\n",
                   def);
    }
    free(text);
    cJSON_Delete(doc);
    return rc;
}

int nh_install(int argc, char **argv, int uninstall)
{
    const char *id = NULL, *browser_s = "chromium", *user_data_dir = NULL, *config = NULL;
    int system_wide = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char **dst = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("Usage: %s install --extension-id ID [--browser chromium|chrome|firefox]\n"
                   "                  [--system] [--user-data-dir DIR] [--config FILE]\n"
                   "       %s uninstall [--browser B] [--system] [--user-data-dir DIR]\n"
                   "(%s --help says where each browser looks)\n",
                   NH_PROGRAM, NH_PROGRAM, NH_PROGRAM);
            return NH_EXIT_OK;
        }
        if (strcmp(a, "--system") == 0) {
            system_wide = 1;
            continue;
        }
        if (strcmp(a, "--extension-id") == 0)
            dst = &id;
        else if (strcmp(a, "--browser") == 0)
            dst = &browser_s;
        else if (strcmp(a, "--user-data-dir") == 0)
            dst = &user_data_dir;
        else if (strcmp(a, "--config") == 0)
            dst = &config;
        else
            return usage_error("unknown argument", a);
        if (i + 1 >= argc)
            return usage_error(a, "needs a value");
        *dst = argv[++i];
    }
    browser b;
    if (strcmp(browser_s, "chromium") == 0)
        b = B_CHROMIUM;
    else if (strcmp(browser_s, "chrome") == 0)
        b = B_CHROME;
    else if (strcmp(browser_s, "firefox") == 0)
        b = B_FIREFOX;
    else
        return usage_error("--browser is chromium, chrome or firefox, not", browser_s);
    if (user_data_dir && (system_wide || b == B_FIREFOX))
        return usage_error("--user-data-dir is a Chromium or Chrome profile, without --system",
                           NULL);
    char path[PATH_MAX];
    int rc = manifest_path(path, sizeof path, b, system_wide, user_data_dir);
    if (rc != 0)
        return rc;
    if (uninstall) {
        if (unlink(path) == 0) {
            printf("removed the host manifest %s\n", path);
            return NH_EXIT_OK;
        }
        if (errno == ENOENT) {
            printf("no host manifest at %s: nothing to remove\n", path);
            return NH_EXIT_OK;
        }
        fprintf(stderr, "%s: cannot remove %s: %s\n", NH_PROGRAM, path, strerror(errno));
        return NH_EXIT_CONFIG;
    }
    if (!id)
        return usage_error("install needs --extension-id ID", NULL);
    if (b == B_FIREFOX ? !firefox_id(id) : !chromium_id(id))
        return usage_error(b == B_FIREFOX ? "not a Firefox extension id:"
                                          : "not a Chromium extension id (32 letters a-p):",
                           id);
    char origin[256], exe[PATH_MAX];
    if (b == B_FIREFOX)
        snprintf(origin, sizeof origin, "%s", id);
    else
        snprintf(origin, sizeof origin, "chrome-extension://%s/", id);
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1); /* absolute, links resolved */
    if (n <= 0 || (size_t)n >= sizeof exe - 1) {
        fprintf(stderr, "%s: cannot find this program's path: %s\n", NH_PROGRAM,
                n < 0 ? strerror(errno) : "too long");
        return NH_EXIT_CONFIG;
    }
    exe[n] = '\0';
    rc = write_manifest(path, b, origin, exe);
    if (rc == 0)
        rc = add_to_config(config, origin);
    return rc;
}
