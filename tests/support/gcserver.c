/* Test helper around tests/server/gcserver.py: see gcserver.h. */
#include "gcserver.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GCS_PYTHON "/usr/bin/python3"
#define GCS_START_TIMEOUT_MS 10000
#define GCS_STOP_TIMEOUT_MS 5000
#define GCS_CALL_TIMEOUT_S 60L

static long long gcs_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void gcs_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static _Noreturn void gcs_exec_child(const char **argv, int out_fd, pid_t parent)
{
    static const char msg[] = "gcserver: cannot run " GCS_PYTHON "\n";
    sigset_t none;

    /* The server must see SIGTERM even if the test blocked it; it gets SIGTERM when the thread that
     * forked it dies, and if that already happened, there is nobody left to serve. */
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
        _exit(127);
    /* Both pipe ends are close-on-exec; stdout becomes a copy of the write end without the flag. */
    if (out_fd == STDOUT_FILENO ? fcntl(out_fd, F_SETFD, 0) != 0 : dup2(out_fd, STDOUT_FILENO) < 0)
        _exit(127);
    execv(GCS_PYTHON, (char *const *)argv); /* execv does not modify the strings */
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* nothing more to do */
    }
    _exit(127);
}

/* The port from the child's first line "PORT <n>", or -1 (message on stderr). */
static int gcs_read_port(int fd)
{
    char line[64];
    size_t len = 0;
    long long deadline = gcs_now_ms() + GCS_START_TIMEOUT_MS;

    while (len < sizeof line - 1) {
        long long left = deadline - gcs_now_ms();
        struct pollfd p = { fd, POLLIN, 0 };
        int ready;
        ssize_t n;

        if (left <= 0) {
            fprintf(stderr, "gcserver: no PORT line within %d ms\n", GCS_START_TIMEOUT_MS);
            return -1;
        }
        ready = poll(&p, 1, (int)left);
        if (ready < 0 && errno != EINTR) {
            perror("gcserver: poll");
            return -1;
        }
        if (ready <= 0)
            continue;
        n = read(fd, line + len, 1);
        if (n < 0 && errno != EINTR) {
            perror("gcserver: read");
            return -1;
        }
        if (n == 0) {
            fprintf(stderr, "gcserver: the server exited before printing its port\n");
            return -1;
        }
        if (n < 0)
            continue;
        if (line[len] == '\n') {
            int port;
            char rest;

            line[len] = '\0';
            if (sscanf(line, "PORT %d%c", &port, &rest) == 1 && port > 0 && port < 65536)
                return port;
            fprintf(stderr, "gcserver: unexpected first line '%s'\n", line);
            return -1;
        }
        len++;
    }
    fprintf(stderr, "gcserver: first line too long\n");
    return -1;
}

/* Waits for the child until the deadline; returns 1 once reaped. */
static int gcs_reap(pid_t pid, long long deadline, int *status)
{
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);

        if (r == pid || (r < 0 && errno != EINTR))
            return 1;
        if (gcs_now_ms() >= deadline)
            return 0;
        gcs_sleep_ms(10);
    }
}

static void gcs_kill(pid_t pid)
{
    int status;

    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

int gcserver_start(gcserver *s, const char *script, const char *const *extra_args)
{
    const char **argv;
    size_t nextra = 0;
    int fds[2], port, tls = 0;
    pid_t parent = getpid(), pid;

    memset(s, 0, sizeof *s);
    while (extra_args != NULL && extra_args[nextra] != NULL) {
        if (strcmp(extra_args[nextra], "--tls-cert") == 0)
            tls = 1;
        nextra++;
    }
    argv = calloc(nextra + 3, sizeof *argv);
    if (argv == NULL) {
        fprintf(stderr, "gcserver: out of memory\n");
        return -1;
    }
    argv[0] = GCS_PYTHON;
    argv[1] = script;
    if (nextra > 0)
        memcpy(argv + 2, extra_args, nextra * sizeof *argv);

    if (pipe(fds) != 0) {
        perror("gcserver: pipe");
        free(argv);
        return -1;
    }
    /* Close-on-exec: servers or other children started later must not hold this pipe. */
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    pid = fork();
    if (pid == 0)
        gcs_exec_child(argv, fds[1], parent);
    free(argv);
    close(fds[1]);
    if (pid < 0) {
        perror("gcserver: fork");
        close(fds[0]);
        return -1;
    }
    port = gcs_read_port(fds[0]);
    close(fds[0]);
    if (port < 0) {
        gcs_kill(pid);
        return -1;
    }
    s->pid = pid;
    s->port = port;
    snprintf(s->base_url, sizeof s->base_url, "%s://127.0.0.1:%d", tls ? "https" : "http", port);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return 0;
}

void gcserver_stop(gcserver *s)
{
    int status = 0;

    if (s->pid <= 0)
        return;
    kill(s->pid, SIGTERM);
    if (!gcs_reap(s->pid, gcs_now_ms() + GCS_STOP_TIMEOUT_MS, &status)) {
        fprintf(stderr, "gcserver: the server ignored SIGTERM; killing it\n");
        gcs_kill(s->pid);
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "gcserver: the server ended abnormally (wait status %d)\n", status);
    }
    s->pid = 0;
    curl_global_cleanup();
}

struct gcs_buffer {
    char *data;
    size_t len, cap;
};

static size_t gcs_collect(char *ptr, size_t size, size_t nmemb, void *user_data)
{
    struct gcs_buffer *b = user_data;
    size_t n = size * nmemb;

    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->data, cap);
        if (p == NULL)
            return 0; /* makes curl fail the transfer */
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

int gcserver_request(const gcserver *s, const char *method, const char *path, const char *const *headers,
                     const char *body, char **out)
{
    struct gcs_buffer buf = { NULL, 0, 0 };
    struct curl_slist *list = NULL;
    int has_type = 0, ok = 1;
    long status = -1;
    size_t url_size = strlen(s->base_url) + strlen(path) + 1;
    char *url = malloc(url_size);
    CURL *curl = curl_easy_init();

    if (out != NULL)
        *out = NULL;
    for (size_t i = 0; ok && headers != NULL && headers[i] != NULL; i++) {
        struct curl_slist *next = curl_slist_append(list, headers[i]);

        has_type |= strncasecmp(headers[i], "Content-Type:", 13) == 0;
        ok = next != NULL;
        list = ok ? next : list;
    }
    if (ok && body != NULL && !has_type) {
        struct curl_slist *next = curl_slist_append(list, "Content-Type: application/json");

        ok = next != NULL;
        list = ok ? next : list;
    }
    if (ok && url != NULL && curl != NULL) {
        snprintf(url, url_size, "%s%s", s->base_url, path);
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
        if (body != NULL) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        }
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, gcs_collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &buf);
        curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, GCS_CALL_TIMEOUT_S);
        /* Our own loopback server with a throw-away certificate: nothing to verify. */
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
        if (curl_easy_perform(curl) == CURLE_OK)
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    }
    if (status >= 0 && out != NULL) {
        *out = buf.data != NULL ? buf.data : calloc(1, 1);
        buf.data = NULL;
        if (*out == NULL)
            status = -1;
    }
    free(buf.data);
    curl_easy_cleanup(curl);
    curl_slist_free_all(list);
    free(url);
    return (int)status;
}

int gcserver_call(const gcserver *s, const char *method, const char *path, const char *body, char **out)
{
    return gcserver_request(s, method, path, NULL, body, out);
}

/* A control call that must answer 200; returns 0, or -1 with a message on stderr. */
static int gcs_control(const gcserver *s, const char *method, const char *path, const char *body, char **out)
{
    char *resp = NULL;
    int status = gcserver_call(s, method, path, body, &resp);

    if (status != 200) {
        fprintf(stderr, "gcserver: %s %s: status %d %s\n", method, path, status, resp != NULL ? resp : "");
        free(resp);
        return -1;
    }
    if (out != NULL)
        *out = resp;
    else
        free(resp);
    return 0;
}

int gcserver_add_fault(const gcserver *s, const char *fault_json_array_or_object)
{
    const char *p = fault_json_array_or_object;
    size_t size = strlen(p) + sizeof "{\"faults\":[]}";
    char *body = malloc(size);
    int rc;

    if (body == NULL) {
        fprintf(stderr, "gcserver: out of memory\n");
        return -1;
    }
    p += strspn(p, " \t\r\n");
    snprintf(body, size, *p == '[' ? "{\"faults\":%s}" : "{\"faults\":[%s]}", fault_json_array_or_object);
    rc = gcs_control(s, "POST", "/_test/faults", body, NULL);
    free(body);
    return rc;
}

int gcserver_reset(const gcserver *s)
{
    return gcs_control(s, "POST", "/_test/reset", NULL, NULL);
}

long gcserver_count(const gcserver *s, const char *what)
{
    static const struct {
        const char *what, *path, *key;
        int is_array;
    } counts[] = {
        { "callbacks", "/_test/callbacks", "count", 0 },
        { "violations", "/_test/violations", "violations", 1 },
        { "connections", "/_test/stats", "connections", 0 },
        { "tokens_issued", "/_test/stats", "tokens_issued", 0 },
        { "requests", "/_test/stats", "requests", 0 },
    };
    char *json;
    cJSON *doc, *item;
    long n = -1;

    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        if (strcmp(what, counts[i].what) != 0)
            continue;
        if (gcs_control(s, "GET", counts[i].path, NULL, &json) != 0)
            return -1;
        doc = cJSON_Parse(json);
        free(json);
        item = cJSON_GetObjectItemCaseSensitive(doc, counts[i].key);
        if (counts[i].is_array && cJSON_IsArray(item))
            n = cJSON_GetArraySize(item);
        else if (!counts[i].is_array && cJSON_IsNumber(item))
            n = (long)item->valuedouble;
        cJSON_Delete(doc);
        if (n < 0)
            fprintf(stderr, "gcserver: no '%s' in the answer of GET %s\n", counts[i].key, counts[i].path);
        return n;
    }
    fprintf(stderr, "gcserver: unknown count '%s'\n", what);
    return -1;
}
