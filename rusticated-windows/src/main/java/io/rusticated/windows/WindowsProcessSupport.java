package io.rusticated.windows;

import io.rusticated.path.NativePath;
import io.rusticated.spi.ChildState;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnedProcess;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.rusticated.windows.WindowsAbi.*;
import static io.rusticated.windows.WindowsErrors.*;

/**
 * Processes on Windows. A child is started with CreateProcessW and an explicit list of the handles
 * it inherits (PROC_THREAD_ATTRIBUTE_HANDLE_LIST): exactly its three standard handles, as
 * inheritable duplicates that live only across the call, so no other handle of this process, and
 * none another thread makes inheritable meanwhile, leaks into it (libuv #1490; the JDK's own
 * ProcessImpl lets every inheritable handle through). Pipes are named pipes: this process's ends
 * overlapped, served by the IOCP driver; a child's end synchronous, as ordinary programs expect
 * (rust-lang/rust #38811). Windows has no signals: SIGKILL and SIGTERM terminate a child with exit
 * code 1 (as the JDK's destroy does); no process groups, stops or foreground terminals.
 */
public final class WindowsProcessSupport implements ProcessSupport {
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;
    private static final int PIPE_BUFFER = 65536;
    private static final AtomicLong PIPE_NUMBERS = new AtomicLong();
    private static final ValueLayout.OfChar UTF16 = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Pipe ends made overlapped for this process: a child must never get one. */
    private final Set<Long> overlappedEnds = ConcurrentHashMap.newKeySet();

    @Override
    public boolean supportsCurrentOs() {
        return IocpDriverFactory.onWindows();
    }

    // ---- spawning ----

    @Override
    public SpawnedProcess spawn(SpawnRequest request) throws IOException {
        if (!request.extraDescriptors().isEmpty()) {
            throw new UnsupportedOperationException("Windows children get three standard handles and no further descriptors: "
                    + request.extraDescriptors());
        }
        if (request.foregroundTerminal() >= 0) {
            throw new UnsupportedOperationException("Windows has no terminal foreground process groups");
        }
        if (request.processGroup() > 0) {
            throw new UnsupportedOperationException("Windows cannot make a child join an existing process group (" + request.processGroup() + ")");
        }
        // request.defaultSignals(): POSIX signal dispositions; Windows children start with none to reset.
        String program = request.program().toString();
        boolean batch = CommandLine.isBatchFile(request.program());
        String commandLine = batch
                ? CommandLine.forBatchFile(program, request.argv().subList(1, request.argv().size()))
                : CommandLine.of(request.argv());
        String application = batch ? systemDirectory() + "\\cmd.exe" : program;
        String environment = EnvironmentBlock.of(request.environment(), System.getenv("SystemRoot"));
        long[] standard = {
            handleFor(request.stdin(), STD_INPUT_HANDLE),
            handleFor(request.stdout(), STD_OUTPUT_HANDLE),
            handleFor(request.stderr(), STD_ERROR_HANDLE)};
        for (long h : standard) {
            if (overlappedEnds.contains(h)) {
                throw new IllegalArgumentException("pipe end " + h + " was made overlapped for this process's loop; a child would"
                        + " misread it. Open the pipe with Command's Redirect.PIPE (or ProcessSupport.pipe with the CHILD end) instead");
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            List<Long> inheritable = new ArrayList<>(3);
            long[] childHandles = new long[3];
            try {
                for (int i = 0; i < 3; i++) {
                    childHandles[i] = standard[i] == 0 ? 0 : inheritableCopy(standard[i], inheritable, arena);
                }
                return create(arena, application, commandLine, environment, request, childHandles, inheritable);
            } finally {
                for (long dup : inheritable) {
                    Kernel32.CloseHandle(dup);
                }
            }
        }
    }

    /** This process's handle for a standard handle of the child; INHERIT is this process's own (0 when it has none). */
    private static long handleFor(long given, int std) {
        if (given != SpawnRequest.INHERIT) {
            return given;
        }
        long h = Kernel32.GetStdHandle(std);
        return h == INVALID_HANDLE_VALUE ? 0 : h;
    }

    /** An inheritable duplicate of {@code h}, one per distinct handle (the handle list takes each once). */
    private static long inheritableCopy(long h, List<Long> made, Arena arena) throws IOException {
        MemorySegment dup = arena.allocate(ValueLayout.JAVA_LONG);
        long self = Kernel32.GetCurrentProcess();
        if (Kernel32.DuplicateHandle(self, h, self, dup.address(), 0, 1, DUPLICATE_SAME_ACCESS) == 0) {
            throw WindowsErrors.of(Win32Linker.lastError()).toException("handle " + h, null);
        }
        long copy = dup.get(ValueLayout.JAVA_LONG, 0);
        made.add(copy);
        return copy;
    }

    private static SpawnedProcess create(Arena arena, String application, String commandLine, String environment, SpawnRequest request,
                                         long[] childHandles, List<Long> inheritable) throws IOException {
        MemorySegment sizeOut = arena.allocate(ValueLayout.JAVA_LONG);
        Kernel32.InitializeProcThreadAttributeList(0, 1, 0, sizeOut.address()); // asks the size (fails with ERROR_INSUFFICIENT_BUFFER)
        MemorySegment attributes = arena.allocate(sizeOut.get(ValueLayout.JAVA_LONG, 0), 8);
        if (Kernel32.InitializeProcThreadAttributeList(attributes.address(), 1, 0, sizeOut.address()) == 0) {
            throw new IOException("InitializeProcThreadAttributeList failed: " + WindowsErrors.describe(Win32Linker.lastError()));
        }
        try {
            MemorySegment list = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, inheritable.size()));
            for (int i = 0; i < inheritable.size(); i++) {
                list.setAtIndex(ValueLayout.JAVA_LONG, i, inheritable.get(i));
            }
            if (!inheritable.isEmpty() && Kernel32.UpdateProcThreadAttribute(attributes.address(), 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
                    list.address(), 8L * inheritable.size(), 0, 0) == 0) {
                throw new IOException("UpdateProcThreadAttribute(PROC_THREAD_ATTRIBUTE_HANDLE_LIST) failed: "
                        + WindowsErrors.describe(Win32Linker.lastError()));
            }
            MemorySegment startup = arena.allocate(STARTUPINFOEXW);
            startup.set(ValueLayout.JAVA_INT, SI_CB, (int) STARTUPINFOEXW.byteSize());
            startup.set(ValueLayout.JAVA_INT, SI_FLAGS, STARTF_USESTDHANDLES);
            startup.set(ValueLayout.JAVA_LONG, SI_STDIN, childHandles[0]);
            startup.set(ValueLayout.JAVA_LONG, SI_STDOUT, childHandles[1]);
            startup.set(ValueLayout.JAVA_LONG, SI_STDERR, childHandles[2]);
            startup.set(ValueLayout.JAVA_LONG, SIEX_ATTRIBUTES, attributes.address());
            MemorySegment info = arena.allocate(PROCESS_INFORMATION);
            int flags = CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT | (request.processGroup() == 0 ? CREATE_NEW_PROCESS_GROUP : 0);
            long cwd = request.workingDirectory() == null ? 0 : NativePath.of(request.workingDirectory().toString()).utf16z().address();
            int ok = Kernel32.CreateProcessW(utf16z(arena, application), utf16z(arena, commandLine), 0, 0,
                    inheritable.isEmpty() ? 0 : 1, flags, utf16(arena, environment), cwd, startup.address(), info.address());
            if (ok == 0) {
                throw WindowsErrors.of(Win32Linker.lastError()).toException(request.program().toString(), null);
            }
            Kernel32.CloseHandle(info.get(ValueLayout.JAVA_LONG, PI_THREAD));
            return new SpawnedProcess(Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, PI_PROCESS_ID)),
                    info.get(ValueLayout.JAVA_LONG, PI_PROCESS));
        } finally {
            Kernel32.DeleteProcThreadAttributeList(attributes.address());
        }
    }

    /** NUL-terminated UTF-16, writable (CreateProcessW may change the command line it is given). */
    private static long utf16z(Arena arena, String s) {
        return utf16(arena, s + '\0');
    }

    private static long utf16(Arena arena, String s) {
        MemorySegment m = arena.allocate(2L * s.length(), 2);
        MemorySegment.copy(s.toCharArray(), 0, m, UTF16, 0, s.length());
        return m.address();
    }

    private static String systemDirectory() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(2L * MAX_PATH, 2);
            int n = Kernel32.GetSystemDirectoryW(buffer.address(), MAX_PATH);
            if (n == 0 || n >= MAX_PATH) {
                throw new IOException("GetSystemDirectoryW failed: " + WindowsErrors.describe(Win32Linker.lastError()));
            }
            char[] c = new char[n];
            MemorySegment.copy(buffer, UTF16, 0, c, 0, n);
            return new String(c);
        }
    }

    // ---- pipes ----

    @Override
    public long[] pipe() throws IOException {
        return pipe(PipeEndUser.THIS_PROCESS, PipeEndUser.THIS_PROCESS);
    }

    /**
     * A named pipe made a pair (anonymous pipes cannot be overlapped): the read end is the server
     * instance ({@code \\.\pipe\rusticated-<pid>-<n>-<random>}, first and only instance, no remote
     * clients), the write end the client CreateFileW opens; each is overlapped exactly when this
     * process uses it. Neither is inheritable.
     */
    @Override
    public long[] pipe(PipeEndUser readEnd, PipeEndUser writeEnd) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String name = "\\\\.\\pipe\\rusticated-" + ProcessHandle.current().pid() + "-" + PIPE_NUMBERS.incrementAndGet()
                    + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            long path = NativePath.of(name).utf16z().address();
            int serverFlags = PIPE_ACCESS_INBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE | (readEnd == PipeEndUser.THIS_PROCESS ? FILE_FLAG_OVERLAPPED : 0);
            long server = Kernel32.CreateNamedPipeW(path, serverFlags, PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                    1, PIPE_BUFFER, PIPE_BUFFER, 0, 0);
            if (server == INVALID_HANDLE_VALUE) {
                int error = Win32Linker.lastError();
                if ((error == ERROR_PIPE_BUSY || error == ERROR_ACCESS_DENIED) && attempt < 8) {
                    continue; // the name is taken: another one
                }
                throw new IOException("CreateNamedPipeW failed: " + WindowsErrors.describe(error));
            }
            long client = Kernel32.CreateFileW(path, GENERIC_WRITE | FILE_READ_ATTRIBUTES, 0, 0, OPEN_EXISTING,
                    writeEnd == PipeEndUser.THIS_PROCESS ? FILE_FLAG_OVERLAPPED : 0, 0);
            if (client == INVALID_HANDLE_VALUE) {
                int error = Win32Linker.lastError();
                Kernel32.CloseHandle(server);
                throw new IOException("opening the client end of a pipe failed: " + WindowsErrors.describe(error));
            }
            if (readEnd == PipeEndUser.THIS_PROCESS) {
                overlappedEnds.add(server);
            }
            if (writeEnd == PipeEndUser.THIS_PROCESS) {
                overlappedEnds.add(client);
            }
            return new long[] {server, client};
        }
    }

    // ---- files for children ----

    /** A synchronous handle (what a child expects), sharing as the JDK does; not inheritable here. */
    @Override
    public long open(Path path, RedirectMode mode) throws IOException {
        int access = switch (mode) {
            case READ -> GENERIC_READ;
            case WRITE_TRUNCATE -> GENERIC_WRITE;
            case APPEND -> FILE_GENERIC_WRITE & ~FILE_WRITE_DATA;
            case READ_WRITE -> GENERIC_READ | GENERIC_WRITE;
        };
        int disposition = switch (mode) {
            case READ -> OPEN_EXISTING;
            case WRITE_TRUNCATE -> CREATE_ALWAYS;
            case APPEND, READ_WRITE -> OPEN_ALWAYS;
        };
        NativePath p = Win32Path.of(NativePath.of(path));
        long h = Kernel32.CreateFileW(p.utf16z().address(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, 0,
                disposition, FILE_ATTRIBUTE_NORMAL, 0);
        if (h == INVALID_HANDLE_VALUE) {
            throw WindowsErrors.of(Win32Linker.lastError()).toException(path.toString(), null);
        }
        return h;
    }

    @Override
    public long openNullDevice() throws IOException {
        long h = Kernel32.CreateFileW(NativePath.of("NUL").utf16z().address(), GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE, 0, OPEN_EXISTING, 0, 0);
        if (h == INVALID_HANDLE_VALUE) {
            throw WindowsErrors.of(Win32Linker.lastError()).toException("NUL", null);
        }
        return h;
    }

    @Override
    public void close(long handle) {
        overlappedEnds.remove(handle);
        Associations.forget(handle);
        WindowsHandles.close(handle);
    }

    // ---- children ----

    /** Exited or not: Windows reports no stops. The exit code is the full 32-bit value (an NTSTATUS for a crash). */
    @Override
    public ChildState pollState(SpawnedProcess child, boolean includeStops) throws IOException {
        if (Kernel32.WaitForSingleObject(child.processHandle(), 0) != WAIT_OBJECT_0) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = arena.allocate(ValueLayout.JAVA_INT);
            if (Kernel32.GetExitCodeProcess(child.processHandle(), code.address()) == 0) {
                throw new IOException("GetExitCodeProcess failed: " + WindowsErrors.describe(Win32Linker.lastError()));
            }
            return ChildState.exited(code.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Override
    public void release(SpawnedProcess child) {
        Kernel32.CloseHandle(child.processHandle());
    }

    /**
     * SIGKILL (9) and SIGTERM (15) terminate the child (TerminateProcess, exit code 1); SIGINT
     * sends CTRL_BREAK_EVENT to a child started in a new process group (the only console event
     * that can be aimed at a group other than this process's own); any other signal does not exist here.
     */
    @Override
    public boolean signal(SpawnedProcess child, int signal) throws IOException {
        if (Kernel32.WaitForSingleObject(child.processHandle(), 0) == WAIT_OBJECT_0) {
            return false;
        }
        if (signal == SIGKILL || signal == SIGTERM) {
            return kill(child);
        }
        if (signal == SIGINT) {
            if (Kernel32.GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, (int) child.pid()) == 0) {
                throw new IOException("GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, " + child.pid() + ") failed (the child needs a"
                        + " process group of its own and this process's console): " + WindowsErrors.describe(Win32Linker.lastError()));
            }
            return true;
        }
        throw new UnsupportedOperationException("Windows has no signal " + signal + " to send; SIGKILL and SIGTERM terminate, SIGINT"
                + " sends Ctrl+Break to a child in its own process group");
    }

    @Override
    public boolean kill(SpawnedProcess child) throws IOException {
        if (Kernel32.TerminateProcess(child.processHandle(), 1) != 0) {
            return true;
        }
        int error = Win32Linker.lastError();
        if (Kernel32.WaitForSingleObject(child.processHandle(), 0) == WAIT_OBJECT_0) {
            return false; // it ended meanwhile (TerminateProcess then fails with access denied)
        }
        throw new IOException("TerminateProcess failed: " + WindowsErrors.describe(error));
    }

    /** GetStdHandle; -1 when this process has none (a GUI program, or a closed one). */
    @Override
    public long standardHandle(int index) {
        long h = Kernel32.GetStdHandle(switch (index) {
            case 0 -> STD_INPUT_HANDLE;
            case 1 -> STD_OUTPUT_HANDLE;
            case 2 -> STD_ERROR_HANDLE;
            default -> throw new IllegalArgumentException("standard handle index must be 0, 1 or 2: " + index);
        });
        return h == 0 || h == INVALID_HANDLE_VALUE ? -1 : h;
    }

    /** GetCommandLineW, split as the C runtime splits it (what the JVM's own launcher was given). */
    @Override
    public List<String> commandLine() {
        long line = Kernel32.GetCommandLineW();
        if (line == 0) {
            return null;
        }
        MemorySegment s = MemorySegment.ofAddress(line).reinterpret(Integer.MAX_VALUE);
        StringBuilder text = new StringBuilder();
        for (long at = 0; ; at += 2) {
            char c = s.get(UTF16, at);
            if (c == 0) {
                break;
            }
            text.append(c);
        }
        return CommandLine.parse(text.toString());
    }
}
