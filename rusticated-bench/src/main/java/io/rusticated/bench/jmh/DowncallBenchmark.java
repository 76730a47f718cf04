package io.rusticated.bench.jmh;

import io.rusticated.unix.Downcall;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * What the one-line {@link Downcall} costs against the hand-written binding it replaced (a static
 * final handle, {@code invokeExact} in a try/catch, errno read from the capture segment), for a
 * call without errno ({@code getpid}) and one that fails and reports errno ({@code close(-1)}).
 * The ratio, not the figure, is the result: both run in the same JVM, in the same run. Not part of
 * run.sh; run it with JMH's main and the filter {@code DowncallBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DowncallBenchmark {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> SLOT = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final MethodHandle GETPID = LINKER.downcallHandle(LINKER.defaultLookup().find("getpid").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));

    private static final Downcall GETPID_DOWNCALL = Downcall.plain("getpid", JAVA_INT);
    private static final Downcall CLOSE_DOWNCALL = Downcall.errno("close", JAVA_INT, JAVA_INT);

    @Benchmark
    public int getpidHandWritten() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Benchmark
    public int getpidDowncall() {
        return (int) GETPID_DOWNCALL.call();
    }

    @Benchmark
    public int closeFailingHandWritten() {
        MemorySegment slot = SLOT.get();
        try {
            int r = (int) CLOSE.invokeExact(slot, -1);
            return r == -1 ? -(int) ERRNO.get(slot, 0L) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Benchmark
    public int closeFailingDowncall() {
        return (int) CLOSE_DOWNCALL.call(-1);
    }
}
