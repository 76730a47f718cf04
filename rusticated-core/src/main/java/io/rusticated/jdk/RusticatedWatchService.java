package io.rusticated.jdk;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.Watchable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The built-in watch service (inotify on Linux) seen through this file system: registration
 * unwraps the path, and keys and events come back with this file system's paths, one key object
 * per built-in key, so that keys returned by {@code register} are the ones {@code take} returns.
 */
final class RusticatedWatchService implements WatchService {
    private final RusticatedFileSystem fs;
    private final WatchService builtin;
    private final Map<WatchKey, Key> keys = new ConcurrentHashMap<>();

    RusticatedWatchService(RusticatedFileSystem fs, WatchService builtin) {
        this.fs = fs;
        this.builtin = builtin;
    }

    WatchKey register(RusticatedPath dir, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) throws IOException {
        WatchKey k = dir.builtin().register(builtin, events, modifiers);
        return keys.computeIfAbsent(k, b -> new Key(b, dir));
    }

    private Key key(WatchKey k) {
        if (k == null) {
            return null;
        }
        return keys.computeIfAbsent(k, b -> new Key(b, fs.wrap((Path) b.watchable())));
    }

    @Override
    public void close() throws IOException {
        builtin.close();
        keys.clear();
    }

    @Override
    public WatchKey poll() {
        return key(builtin.poll());
    }

    @Override
    public WatchKey poll(long timeout, TimeUnit unit) throws InterruptedException {
        return key(builtin.poll(timeout, unit));
    }

    @Override
    public WatchKey take() throws InterruptedException {
        return key(builtin.take());
    }

    private final class Key implements WatchKey {
        private final WatchKey builtinKey;
        private final Watchable dir;

        Key(WatchKey builtinKey, Watchable dir) {
            this.builtinKey = builtinKey;
            this.dir = dir;
        }

        @Override
        public boolean isValid() {
            return builtinKey.isValid();
        }

        @Override
        public List<WatchEvent<?>> pollEvents() {
            List<WatchEvent<?>> events = builtinKey.pollEvents();
            List<WatchEvent<?>> out = new ArrayList<>(events.size());
            for (WatchEvent<?> e : events) {
                out.add(e.context() instanceof Path p ? new Event<>(e, fs.wrap(p)) : e);
            }
            return out;
        }

        @Override
        public boolean reset() {
            return builtinKey.reset();
        }

        @Override
        public void cancel() {
            builtinKey.cancel();
            keys.remove(builtinKey);
        }

        @Override
        public Watchable watchable() {
            return dir;
        }
    }

    private static final class Event<T> implements WatchEvent<T> {
        private final WatchEvent<T> builtin;
        private final T context;

        @SuppressWarnings("unchecked")
        Event(WatchEvent<T> builtin, Path context) {
            this.builtin = builtin;
            this.context = (T) context;
        }

        @Override
        public Kind<T> kind() {
            return builtin.kind();
        }

        @Override
        public int count() {
            return builtin.count();
        }

        @Override
        public T context() {
            return context;
        }

        @Override
        public String toString() {
            return builtin.toString();
        }
    }
}
