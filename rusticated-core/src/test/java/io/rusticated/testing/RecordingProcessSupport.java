package io.rusticated.testing;

import io.rusticated.spi.ChildState;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnedProcess;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Core's tests only: process primitives that start nothing and record what core asked of them. */
public final class RecordingProcessSupport implements ProcessSupport {
    /** What was asked, in order: "pipe CHILD THIS_PROCESS", "spawn ...", "kill 1000", "signal 1000 15", ... */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final AtomicLong HANDLES = new AtomicLong(100);

    @Override
    public boolean supportsCurrentOs() {
        return true;
    }

    @Override
    public SpawnedProcess spawn(SpawnRequest request) {
        CALLS.add("spawn " + request.argv() + " stdin=" + request.stdin() + " stdout=" + request.stdout());
        return new SpawnedProcess(1000, HANDLES.incrementAndGet());
    }

    @Override
    public long[] pipe() {
        CALLS.add("pipe");
        return new long[] {HANDLES.incrementAndGet(), HANDLES.incrementAndGet()};
    }

    @Override
    public long[] pipe(PipeEndUser readEnd, PipeEndUser writeEnd) {
        CALLS.add("pipe " + readEnd + " " + writeEnd);
        return new long[] {HANDLES.incrementAndGet(), HANDLES.incrementAndGet()};
    }

    @Override
    public long open(Path path, RedirectMode mode) {
        return HANDLES.incrementAndGet();
    }

    @Override
    public long openNullDevice() {
        return HANDLES.incrementAndGet();
    }

    @Override
    public void close(long handle) {
    }

    @Override
    public ChildState pollState(SpawnedProcess child, boolean includeStops) {
        return null;
    }

    @Override
    public void release(SpawnedProcess child) {
    }

    @Override
    public boolean signal(SpawnedProcess child, int signal) {
        CALLS.add("signal " + child.pid() + " " + signal);
        return true;
    }
}
