package io.rusticated.process;

import io.rusticated.path.NativePath;
import io.rusticated.path.PathSearch;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.spi.Platform;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.ProcessSupport.PipeEndUser;
import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnRequest.FdMapping;
import io.rusticated.spi.SpawnedProcess;
import io.rusticated.tty.Tty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Describes a child process and spawns it: the program (searched on PATH), its arguments,
 * environment, working directory, where each standard stream comes from, extra descriptors, and
 * its process group.
 *
 * <p>The child is started with {@code posix_spawn} (never by forking the JVM). It sees descriptors
 * 0, 1 and 2 and those given with {@link #fd}; every other descriptor of this process is closed in
 * it. It starts with no signal blocked, and with SIGPIPE, SIGXFSZ and SIGTTOU at their default
 * action; a child put in a process group (job control) also gets SIGINT, SIGQUIT, SIGTSTP, SIGTTIN
 * and SIGCHLD at their defaults, as a shell's jobs do. Other ignored signals stay ignored, as
 * across {@code exec}.
 *
 * <p>A command is a mutable builder, not thread-safe; it may be spawned any number of times.
 */
public final class Command {
    private static final List<Signal> ALWAYS_DEFAULT = List.of(Signal.PIPE, Signal.XFSZ, Signal.TTOU);
    private static final List<Signal> JOB_DEFAULT = List.of(Signal.INT, Signal.QUIT, Signal.TSTP, Signal.TTIN, Signal.CHLD);

    private final String program;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> envChanges = new LinkedHashMap<>();
    private boolean envCleared;
    private Path cwd;
    private final TreeMap<Integer, Redirect> fds = new TreeMap<>();
    private long processGroup = -1;
    private long foregroundTerminal = -1;
    private final Set<Signal> resetSignals = new LinkedHashSet<>();

    /** A command running {@code program}: a path when it has a separator, else a name searched on PATH. */
    public Command(String program) {
        NativePath.of(Objects.requireNonNull(program, "program")); // rejects NUL and empty names at once
        this.program = program;
        fds.put(0, Redirect.INHERIT);
        fds.put(1, Redirect.INHERIT);
        fds.put(2, Redirect.INHERIT);
    }

    public static Command of(String program, String... args) {
        return new Command(program).args(args);
    }

    public String program() {
        return program;
    }

    public Command arg(String arg) {
        args.add(checkText(arg, "argument"));
        return this;
    }

    public Command args(String... more) {
        for (String a : more) {
            arg(a);
        }
        return this;
    }

    public Command args(List<String> more) {
        more.forEach(this::arg);
        return this;
    }

    /** Sets a variable in the child's environment (the rest is inherited unless {@link #envClear()}ed). */
    public Command env(String name, String value) {
        checkText(name, "variable name");
        if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException("environment variable name must be non-empty without '=': " + name);
        }
        envChanges.put(name, checkText(value, "value of " + name));
        return this;
    }

    public Command env(Map<String, String> vars) {
        vars.forEach(this::env);
        return this;
    }

    /** Leaves the variable out of the child's environment. */
    public Command envRemove(String name) {
        envChanges.put(checkText(name, "variable name"), null);
        return this;
    }

    /** Starts the child's environment empty: only variables set with {@link #env} after this are passed. */
    public Command envClear() {
        envCleared = true;
        envChanges.clear();
        return this;
    }

    /** The child's working directory. A relative program path is still resolved against this process's. */
    public Command cwd(Path dir) {
        NativePath.of(dir); // rejects NUL
        this.cwd = dir;
        return this;
    }

    public Command stdin(Redirect r) {
        return fd(0, r);
    }

    public Command stdout(Redirect r) {
        return fd(1, r);
    }

    public Command stderr(Redirect r) {
        return fd(2, r);
    }

    /**
     * Gives the child descriptor {@code childFd}: for 0-2 this is {@link #stdin} and friends; from 3
     * up it passes an extra descriptor ({@link Redirect#INHERIT} then means this process's
     * descriptor of the same number). {@link Redirect#PIPE} is only for 0-2.
     */
    public Command fd(int childFd, Redirect r) {
        Objects.requireNonNull(r, "redirect");
        if (childFd < 0) {
            throw new IllegalArgumentException("negative descriptor: " + childFd);
        }
        if (childFd > 2 && r instanceof Redirect.Piped) {
            throw new IllegalArgumentException("Redirect.PIPE is only for descriptors 0-2; use Pipe.open() with Redirect.from/to for fd " + childFd);
        }
        fds.put(childFd, r);
        return this;
    }

    /** Puts the child in a new process group that it leads (its group id is its pid). */
    public Command newProcessGroup() {
        this.processGroup = 0;
        return this;
    }

    /** Puts the child in the existing process group {@code pgid}. */
    public Command processGroup(long pgid) {
        if (pgid <= 0) {
            throw new IllegalArgumentException("process group id must be positive: " + pgid);
        }
        this.processGroup = pgid;
        return this;
    }

    /**
     * Makes the child's process group the terminal's foreground group before the program runs, so
     * it can read the terminal at once (job control). Needs {@link #newProcessGroup()} or
     * {@link #processGroup(long)}.
     */
    public Command foreground(Tty terminal) {
        this.foregroundTerminal = terminal.handle();
        return this;
    }

    /** Resets the signal to its default action in the child (for a signal this process ignores). */
    public Command resetSignal(Signal signal) {
        signal.number();
        resetSignals.add(signal);
        return this;
    }

    // ---- spawning ----

    /** Spawns on the {@link EventLoop#current() current} loop: the child's waits and pipes complete there. */
    public Child spawn() throws IOException {
        return spawn(EventLoop.current());
    }

    /**
     * Starts the child. Returns once the program is running (or has failed to start).
     *
     * @throws NoSuchFileException naming the program when it is not found (on PATH, or at its
     *                             path), or naming the working directory when that is missing
     */
    public Child spawn(EventLoop loop) throws IOException {
        return spawn(loop, Map.of(), processGroup, foregroundTerminal);
    }

    /** Spawns and waits for termination. */
    public CompletionStage<ExitStatus> status() {
        try {
            return spawn().waitExit();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Spawns with stdout and stderr piped (and stdin the null device unless set otherwise),
     * collects both to their end, and waits for termination.
     */
    public CompletionStage<Output> output() {
        return output(EventLoop.current());
    }

    public CompletionStage<Output> output(EventLoop loop) {
        Child c;
        try {
            Map<Integer, Redirect> overrides = new TreeMap<>(Map.of(1, Redirect.PIPE, 2, Redirect.PIPE));
            if (fds.get(0) instanceof Redirect.Inherit) {
                overrides.put(0, Redirect.NULL);
            }
            c = spawn(loop, overrides, processGroup, foregroundTerminal);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<byte[]> out = c.stdout().readAll().toCompletableFuture();
        CompletableFuture<byte[]> err = c.stderr().readAll().toCompletableFuture();
        return out.thenCombine(err, (o, e) -> new byte[][]{o, e})
                .whenComplete((v, e) -> {
                    c.stdout().close();
                    c.stderr().close();
                })
                .thenCompose(both -> c.waitExit().thenApply(s -> new Output(s, both[0], both[1])));
    }

    Child spawn(EventLoop loop, Map<Integer, Redirect> overrides, long group, long foreground) throws IOException {
        Objects.requireNonNull(loop, "loop");
        ProcessSupport os = Platform.process();
        List<String> environment = environment();
        Path resolved = resolve(environment);
        if (cwd != null && !Files.isDirectory(cwd)) {
            if (Files.exists(cwd)) {
                throw new NotDirectoryException(cwd.toString());
            }
            throw new NoSuchFileException(cwd.toString(), null, "working directory for " + program + " does not exist");
        }
        Map<Integer, Redirect> plan = new TreeMap<>(fds);
        plan.putAll(overrides);

        List<Long> closeAfterSpawn = new ArrayList<>();
        List<PipeEnd> movedEnds = new ArrayList<>();
        long[] standard = {SpawnRequest.INHERIT, SpawnRequest.INHERIT, SpawnRequest.INHERIT};
        List<FdMapping> extras = new ArrayList<>();
        PipeWriter stdin = null;
        PipeReader stdout = null;
        PipeReader stderr = null;
        boolean started = false;
        try {
            for (Map.Entry<Integer, Redirect> e : plan.entrySet()) {
                int target = e.getKey();
                java.util.function.LongConsumer map = source -> {
                    if (target <= 2) {
                        standard[target] = source;
                    } else {
                        extras.add(new FdMapping(target, source));
                    }
                };
                switch (e.getValue()) {
                    case Redirect.Inherit i -> {
                        if (target > 2) {
                            extras.add(new FdMapping(target, target));
                        }
                    }
                    case Redirect.Null n -> map.accept(NullDevice.handle(os));
                    case Redirect.Piped p -> {
                        long[] pipe = target == 0 ? os.pipe(PipeEndUser.CHILD, PipeEndUser.THIS_PROCESS)
                                : os.pipe(PipeEndUser.THIS_PROCESS, PipeEndUser.CHILD);
                        String name = streamName(target) + " of " + program;
                        if (target == 0) {
                            closeAfterSpawn.add(pipe[0]);
                            stdin = new PipeWriter(loop, pipe[1], name);
                            map.accept(pipe[0]);
                        } else {
                            closeAfterSpawn.add(pipe[1]);
                            PipeReader r = new PipeReader(loop, pipe[0], name);
                            if (target == 1) {
                                stdout = r;
                            } else {
                                stderr = r;
                            }
                            map.accept(pipe[1]);
                        }
                    }
                    case Redirect.ToFile f -> {
                        long h = os.open(f.file(), switch (f.mode()) {
                            case READ -> ProcessSupport.RedirectMode.READ;
                            case WRITE -> ProcessSupport.RedirectMode.WRITE_TRUNCATE;
                            case APPEND -> ProcessSupport.RedirectMode.APPEND;
                        });
                        closeAfterSpawn.add(h);
                        map.accept(h);
                    }
                    case Redirect.Handle h -> map.accept(h.handle());
                    case Redirect.FromReader r -> {
                        map.accept(r.reader().moveToChild());
                        movedEnds.add(r.reader());
                    }
                    case Redirect.ToWriter w -> {
                        map.accept(w.writer().moveToChild());
                        movedEnds.add(w.writer());
                    }
                }
            }
            List<String> argv = new ArrayList<>(args.size() + 1);
            argv.add(program);
            argv.addAll(args);
            List<Integer> defaults = new ArrayList<>();
            for (Signal s : ALWAYS_DEFAULT) {
                addNumber(defaults, s);
            }
            if (group >= 0) {
                for (Signal s : JOB_DEFAULT) {
                    addNumber(defaults, s);
                }
            }
            for (Signal s : resetSignals) {
                addNumber(defaults, s);
            }
            SpawnRequest request = new SpawnRequest(resolved, argv, environment, cwd == null ? null : cwd.toAbsolutePath(),
                    standard[0], standard[1], standard[2], extras, group, foreground, defaults);
            SpawnedProcess spawned = os.spawn(request);
            started = true;
            long pgid = group == 0 ? spawned.pid() : group;
            return new Child(loop, os, spawned, program, pgid, stdin, stdout, stderr);
        } finally {
            for (long h : closeAfterSpawn) {
                os.close(h);
            }
            for (PipeEnd end : movedEnds) {
                end.closeMoved();
            }
            if (!started) {
                for (PipeEnd end : Arrays.asList(stdin, stdout, stderr)) {
                    if (end != null) {
                        end.close(); // nothing was submitted on it yet: it closes at once
                    }
                }
            }
        }
    }

    private static void addNumber(List<Integer> numbers, Signal s) {
        if (s.exists() && !numbers.contains(s.number())) {
            numbers.add(s.number());
        }
    }

    private static String streamName(int fd) {
        return switch (fd) {
            case 0 -> "stdin";
            case 1 -> "stdout";
            case 2 -> "stderr";
            default -> "fd " + fd;
        };
    }

    /** The child's environment as NAME=value entries. */
    private List<String> environment() {
        return environment(envCleared ? Map.of() : System.getenv(), envChanges, PathSearch.WINDOWS_RULES);
    }

    /**
     * The inherited variables with the changes applied, as NAME=value entries. Windows names
     * variables without regard to case ({@code Path} is {@code PATH}), so there a change replaces
     * or removes the inherited variable whatever its case.
     */
    static List<String> environment(Map<String, String> inherited, Map<String, String> changes, boolean namesIgnoreCase) {
        Map<String, String> env = namesIgnoreCase ? new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new LinkedHashMap<>();
        env.putAll(inherited);
        changes.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        List<String> out = new ArrayList<>(env.size());
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** The program's absolute path: searched on the child's PATH (when the command sets one) or this process's. */
    private Path resolve(List<String> environment) throws NoSuchFileException {
        String searchPath = System.getenv("PATH");
        boolean changed = envCleared || envChanges.keySet().stream().anyMatch(k -> isPathName(k, PathSearch.WINDOWS_RULES));
        if (changed) {
            searchPath = searchPathIn(environment, PathSearch.WINDOWS_RULES);
        }
        return PathSearch.which(program, searchPath)
                .map(Path::toAbsolutePath)
                .orElseThrow(() -> new NoSuchFileException(program, null,
                        program.indexOf('/') >= 0 || program.indexOf(java.io.File.separatorChar) >= 0
                                ? "no such executable file" : "program not found on PATH"));
    }

    /** The value of PATH among NAME=value entries ({@code Path} too where names ignore case), or null. */
    static String searchPathIn(List<String> environment, boolean namesIgnoreCase) {
        String searchPath = null;
        for (String kv : environment) {
            int eq = kv.indexOf('=', 1); // a Windows name may start with '=' (=C:=C:\dir)
            if (eq > 0 && isPathName(kv.substring(0, eq), namesIgnoreCase)) {
                searchPath = kv.substring(eq + 1);
            }
        }
        return searchPath;
    }

    private static boolean isPathName(String name, boolean namesIgnoreCase) {
        return namesIgnoreCase ? name.equalsIgnoreCase("PATH") : name.equals("PATH");
    }

    private static String checkText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character: " + s.replace("\0", "\\0"));
        }
        return s;
    }

    @Override
    public String toString() {
        return "Command[" + program + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "]";
    }
}
