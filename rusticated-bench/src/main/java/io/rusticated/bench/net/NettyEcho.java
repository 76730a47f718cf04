package io.rusticated.bench.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty 4.2's echo server as its own example writes it ({@code write} in channelRead,
 * {@code flush} in channelReadComplete), on one event loop thread that both accepts and serves:
 * io_uring ({@link IoUringIoHandler}, defaults: multishot accept, single-shot receives into pooled
 * buffers) or epoll ({@link EpollIoHandler}, level-triggered by default in 4.2).
 */
final class NettyEcho implements EchoServer {
    enum Transport { IO_URING, EPOLL }

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final AtomicLong accepted = new AtomicLong();

    NettyEcho(int port, Transport transport) throws InterruptedException {
        IoHandlerFactory handlers;
        Class<? extends ServerChannel> channelType;
        if (transport == Transport.IO_URING) {
            if (!IoUring.isAvailable()) {
                throw new IllegalStateException("Netty io_uring is not available here", IoUring.unavailabilityCause());
            }
            handlers = IoUringIoHandler.newFactory();
            channelType = IoUringServerSocketChannel.class;
        } else {
            if (!Epoll.isAvailable()) {
                throw new IllegalStateException("Netty epoll is not available here", Epoll.unavailabilityCause());
            }
            handlers = EpollIoHandler.newFactory();
            channelType = EpollServerSocketChannel.class;
        }
        this.group = new MultiThreadIoEventLoopGroup(1, handlers);
        Echo echo = new Echo();
        try {
            this.channel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            accepted.incrementAndGet();
                            ch.pipeline().addLast(echo);
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the client
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public long accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
}
