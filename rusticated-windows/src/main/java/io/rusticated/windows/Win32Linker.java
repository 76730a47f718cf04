package io.rusticated.windows;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links the Windows DLLs' functions, lazily: nothing here runs until the first downcall, so the
 * module loads on any OS and its factories can say "not this OS" without touching a Windows
 * symbol. The JDK's default lookup on Windows is ucrtbase, not kernel32, so each DLL is looked up
 * by name (LoadLibrary's search). The thread's last error is captured by the linker right after
 * each call that sets it ({@code captureCallState("GetLastError")}), never read later from
 * another downcall's leftovers.
 */
final class Win32Linker {
    private Win32Linker() {
    }

    /** The DLLs, loaded on first use, kept for the process's life. */
    private static final Map<String, SymbolLookup> LIBRARIES = new ConcurrentHashMap<>();

    /** Linked on first use: {@code captureCallState("GetLastError")} is refused on other OSes. */
    private static final class Capture {
        static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
        static final VarHandle LAST_ERROR = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("GetLastError"));
        static final VarHandle LAST_WSA_ERROR = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("WSAGetLastError"));
        static final Linker.Option OPTION = Linker.Option.captureCallState("GetLastError");
        static final Linker.Option WSA_OPTION = Linker.Option.captureCallState("WSAGetLastError");
        static final ThreadLocal<MemorySegment> SLOT = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(LAYOUT));
    }

    /** A downcall to {@code dll!name} that captures the last error into this thread's slot (pass {@link #slot()} first). */
    static MethodHandle downcallCapturing(String dll, String name, FunctionDescriptor fd) {
        return link(dll, name, fd, Capture.OPTION);
    }

    /** A downcall to a Winsock function {@code dll!name} that captures WSAGetLastError into this thread's slot (pass {@link #slot()} first). */
    static MethodHandle downcallCapturingWsa(String dll, String name, FunctionDescriptor fd) {
        return link(dll, name, fd, Capture.WSA_OPTION);
    }

    /** A downcall to the function at {@code address} (a Winsock extension function), capturing WSAGetLastError. */
    static MethodHandle downcallAtCapturingWsa(long address, FunctionDescriptor fd) {
        return Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(address), fd, Capture.WSA_OPTION);
    }

    /** A downcall to {@code dll!name} for a function that sets no last error worth reading. */
    static MethodHandle downcall(String dll, String name, FunctionDescriptor fd) {
        return link(dll, name, fd);
    }

    private static MethodHandle link(String dll, String name, FunctionDescriptor fd, Linker.Option... options) {
        SymbolLookup lookup = LIBRARIES.computeIfAbsent(dll, d -> SymbolLookup.libraryLookup(d, Arena.global()));
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(dll + ".dll has no symbol " + name));
        return Linker.nativeLinker().downcallHandle(symbol, fd, options);
    }

    /** How many DLLs were looked up so far (none, on another OS). */
    static int librariesLoaded() {
        return LIBRARIES.size();
    }

    /** This thread's capture segment: the first argument of every capturing downcall. */
    static MemorySegment slot() {
        return Capture.SLOT.get();
    }

    /** The last error the most recent capturing downcall on this thread left. */
    static int lastError() {
        return (int) Capture.LAST_ERROR.get(Capture.SLOT.get(), 0L);
    }

    /** The Winsock error the most recent Winsock downcall on this thread left ({@code WSAGetLastError}). */
    static int lastWsaError() {
        return (int) Capture.LAST_WSA_ERROR.get(Capture.SLOT.get(), 0L);
    }

    /** Turns a downcall's checked {@link Throwable} into what the caller can throw. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("downcall failed", t);
    }
}
