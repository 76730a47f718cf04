package io.rusticated.unix;

import io.rusticated.io.NativeMemory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One function of the C library, linked, and called in one line: {@code READ.call(fd, address, count)}.
 *
 * <p>Every argument is an integer or an address, passed as a Java {@code long} (a C {@code int}
 * or {@code short} parameter gets the low bits, as a C cast would) and the result comes back as a
 * {@code long} (an {@code int} result sign-extended). What the result means is fixed when the
 * function is linked: {@link #errno} functions return -1 (and {@link #pointerOrErrno} functions
 * NULL) and set errno on failure, and their call returns the negated errno instead, captured by
 * the linker for this very call on this thread (never read from a global); {@link #plain}
 * functions return what they return (posix_spawn's family returns an errno value itself).
 *
 * <p>A variadic function is linked as variadic from its first variadic parameter
 * ({@code firstVariadicArg}): on Apple arm64 variadic arguments travel on the stack, so a mode or
 * an fcntl argument passed as a fixed one would be garbage there.
 *
 * <p>A record, held in a {@code static final} field of a holder class: the JIT treats a record's
 * fields as constants, so a call inlines to the native stub as a hand-written {@code invokeExact}
 * would, and a holder class links its functions only when first used (each distinct downcall shape
 * costs milliseconds at start-up).
 *
 * @param symbol        the name looked up in the C library ({@code fstatat$INODE64}, {@code pread64})
 * @param handle        the linked function adapted to {@code (MemorySegment errnoSlot, long...) long}
 * @param capturesErrno whether a {@code failure} result means "see errno"
 * @param failure       the result that reports a failure: -1, or 0 (NULL) for a function returning a pointer
 */
public record Downcall(String symbol, MethodHandle handle, boolean capturesErrno, long failure) {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** Outside the JDK's direct buffer pool ({@link NativeMemory}), which a program on the image may watch. */
    private static final ThreadLocal<MemorySegment> ERRNO_SLOT = ThreadLocal.withInitial(() -> NativeMemory.allocate(CAPTURE.byteSize(), CAPTURE.byteAlignment()));
    /** Marks "not variadic" for {@link #link}. */
    private static final int FIXED = -1;

    /** A function that returns -1 and sets errno on failure: {@link #call} returns the negated errno then. */
    public static Downcall errno(String symbol, MemoryLayout result, MemoryLayout... parameters) {
        return link(symbol, true, -1, FIXED, FunctionDescriptor.of(result, parameters));
    }

    /** A function returning a pointer, NULL with errno set on failure ({@code fdopendir}): {@link #call} returns the negated errno then. */
    public static Downcall pointerOrErrno(String symbol, MemoryLayout... parameters) {
        return link(symbol, true, 0, FIXED, FunctionDescriptor.of(ValueLayout.JAVA_LONG, parameters));
    }

    /** As {@link #errno}, for a variadic function whose variadic arguments start at {@code firstVariadic}. */
    public static Downcall variadic(String symbol, int firstVariadic, MemoryLayout result, MemoryLayout... parameters) {
        return link(symbol, true, -1, firstVariadic, FunctionDescriptor.of(result, parameters));
    }

    /** A function whose result is returned as it is (an errno value, a flag); errno is not read. */
    public static Downcall plain(String symbol, MemoryLayout result, MemoryLayout... parameters) {
        return link(symbol, false, -1, FIXED, FunctionDescriptor.of(result, parameters));
    }

    /** A function without a result; {@link #call} returns 0. */
    public static Downcall plainVoid(String symbol, MemoryLayout... parameters) {
        return link(symbol, false, -1, FIXED, FunctionDescriptor.ofVoid(parameters));
    }

    /** Whether the C library has the symbol (an optional function: {@code posix_spawn_file_actions_addclosefrom_np}). */
    public static boolean exists(String symbol) {
        return LINKER.defaultLookup().find(symbol).isPresent();
    }

    private static Downcall link(String symbol, boolean errno, long failure, int firstVariadic, FunctionDescriptor descriptor) {
        MemorySegment address = LINKER.defaultLookup().find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no symbol " + symbol));
        Linker.Option[] options = new Linker.Option[0];
        if (firstVariadic != FIXED) {
            options = Arrays.copyOf(options, options.length + 1);
            options[options.length - 1] = Linker.Option.firstVariadicArg(firstVariadic);
        }
        if (errno) {
            options = Arrays.copyOf(options, options.length + 1);
            options[options.length - 1] = CAPTURE_ERRNO;
        }
        MethodHandle linked = LINKER.downcallHandle(address, descriptor, options);
        if (!errno) {
            linked = MethodHandles.dropArguments(linked, 0, MemorySegment.class); // the same shape as an errno call
        }
        Class<?>[] longs = new Class<?>[descriptor.argumentLayouts().size()];
        Arrays.fill(longs, long.class);
        MethodType uniform = MethodType.methodType(long.class, MemorySegment.class).appendParameterTypes(longs);
        return new Downcall(symbol, MethodHandles.explicitCastArguments(linked, uniform), errno, failure);
    }

    private MemorySegment slot() {
        return capturesErrno ? ERRNO_SLOT.get() : null;
    }

    private long result(long r, MemorySegment slot) {
        return capturesErrno && r == failure ? -(int) ERRNO.get(slot, 0L) : r;
    }

    private AssertionError broken(Throwable t) {
        return new AssertionError("downcall to " + symbol + " failed", t);
    }

    public long call() {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    public long call(long a) {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot, a), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    public long call(long a, long b) {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot, a, b), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    public long call(long a, long b, long c) {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot, a, b, c), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    public long call(long a, long b, long c, long d) {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot, a, b, c, d), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    public long call(long a, long b, long c, long d, long e) {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot, a, b, c, d, e), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    public long call(long a, long b, long c, long d, long e, long f) {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot, a, b, c, d, e, f), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    public long call(long a, long b, long c, long d, long e, long f, long g) {
        MemorySegment slot = slot();
        try {
            return result((long) handle.invokeExact(slot, a, b, c, d, e, f, g), slot);
        } catch (Throwable t) {
            throw broken(t);
        }
    }

    @Override
    public String toString() {
        return "Downcall[" + symbol + " " + handle.type() + (capturesErrno ? ", errno" : "") + "]";
    }
}
