package io.rusticated.windows;

import io.rusticated.spi.SocketSupport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;

/**
 * Tests only, off Windows: the real {@link WindowsSockets} on the Winsock of the stand-in the
 * tests' loops run on ({@link StandInBackend#current()}), as the SocketSupport service, so
 * {@code io.rusticated.net} runs here on the iocp driver's code.
 */
public final class StandInSockets implements SocketSupport {
    private static WindowsSockets sockets() {
        return new WindowsSockets(StandInBackend.current().winsock);
    }

    @Override
    public boolean supportsCurrentOs() {
        return !IocpDriverFactory.onWindows(); // on Windows, Winsock itself serves
    }

    @Override
    public long socket(SocketFamily family, SocketType type) throws IOException {
        return sockets().socket(family, type);
    }

    @Override
    public void bind(long socket, SocketAddress local) throws IOException {
        sockets().bind(socket, local);
    }

    @Override
    public void listen(long socket, int backlog) throws IOException {
        sockets().listen(socket, backlog);
    }

    @Override
    public SocketAddress localAddress(long socket) throws IOException {
        return sockets().localAddress(socket);
    }

    @Override
    public SocketAddress peerAddress(long socket) throws IOException {
        return sockets().peerAddress(socket);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions(SocketFamily family, SocketType type) {
        return sockets().supportedOptions(family, type);
    }

    @Override
    public <T> void setOption(long socket, SocketFamily family, SocketOption<T> option, T value) throws IOException {
        sockets().setOption(socket, family, option, value);
    }

    @Override
    public <T> T getOption(long socket, SocketFamily family, SocketOption<T> option) throws IOException {
        return sockets().getOption(socket, family, option);
    }

    @Override
    public void shutdown(long socket, boolean read, boolean write) throws IOException {
        sockets().shutdown(socket, read, write);
    }

    @Override
    public void disconnect(long socket) throws IOException {
        sockets().disconnect(socket);
    }
}
