package io.akosha.sync.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real TCP proxy in front of an HTTP/1.1 server (S3Proxy) for fault injection and observation. It frames
 * the requests passing through and appends their request lines, in arrival order, to a log file (tests
 * prove with it what was sent and in which order: the manifest last). On demand it refuses connections
 * (the listening socket is closed: clients get "connection refused"), resets a connection in the middle
 * of a request body, dies after a number of matching requests, or answers requests itself with an S3 error
 * (a gate: 403 ExpiredToken, 503 SlowDown, ..., also as a pattern: {@link #everyNth}). Binds 127.0.0.1 only.
 */
public final class FaultProxy implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Path log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile long resetAfterBodyBytes = -1;
    private volatile long stallAfterBodyBytes = -1;
    private volatile long bytesPerSecond = -1;
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private volatile String dieOn;
    private volatile CountDownLatch held;
    private volatile Function<String, Refusal> gate;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger dieAfter = new AtomicInteger(-1);

    public FaultProxy(int targetPort, Path log) throws IOException {
        this.targetPort = targetPort;
        this.log = log;
        Files.writeString(log, "");
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    public int port() {
        return port;
    }

    /** Closes the listening socket and every open connection: the store is gone. */
    public synchronized void refuse() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** Listens again on the same port and forgets every pending fault. */
    public synchronized void restore() throws IOException {
        resetAfterBodyBytes = -1;
        stallAfterBodyBytes = -1;
        bytesPerSecond = -1;
        dieOn = null;
        gate = null;
        dieAfter.set(-1);
        release();
        if (!server.isClosed()) {
            return;
        }
        server = bindAgain();
        startAccepting(server);
    }

    /**
     * Binds the old port again. While it was closed, the kernel may have handed the same number to an outgoing
     * connection as its local port; that lasts until the connection closes, so a failed bind is retried.
     */
    private ServerSocket bindAgain() throws IOException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                return s;
            } catch (java.net.BindException inUse) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw inUse;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw inUse;
                }
            }
        }
    }

    /** The next request with a body larger than {@code bytes} is cut by a TCP reset after that many body bytes. */
    public void resetNextBodyAfter(long bytes) {
        resetAfterBodyBytes = bytes;
    }

    /**
     * The next request with a body larger than {@code bytes}: that many body bytes reach the store, the rest
     * is swallowed and no answer ever comes, as when the path to the store stalls mid-part.
     */
    public void stallNextBodyAfter(long bytes) {
        stallAfterBodyBytes = bytes;
    }

    public int stalls() {
        return stalls.get();
    }

    /** Request bodies stop at the proxy until {@link #release()}: a stalled uplink that recovers. */
    public void hold() {
        held = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch h = held;
        held = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** Limits request bodies to {@code rate} bytes per second (a slow uplink). */
    public void throttle(long rate) {
        bytesPerSecond = rate;
    }

    /** Request lines, each with its body length, whose whole body reached the store, in arrival order. */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    public int resets() {
        return resets.get();
    }

    /** What the store answers instead of forwarding a request: an S3 error document with this status and code. */
    public record Refusal(int status, String code, String message) {
    }

    /**
     * Decides per request (given its head: request line and headers) whether the store answers it itself with
     * an error ({@link Refusal}) instead of forwarding it; null forwards. The body is read first, as a store
     * does, so the client gets the answer rather than a broken pipe. Null turns the gate off.
     */
    public void gate(Function<String, Refusal> decide) {
        gate = decide;
    }

    /** What a store answers when it fails internally (S3's 500). */
    public static final Refusal INTERNAL_ERROR = new Refusal(500, "InternalError",
            "We encountered an internal error. Please try again.");
    /** What a store answers when it throttles (S3's 503 SlowDown). */
    public static final Refusal SLOW_DOWN = new Refusal(503, "SlowDown", "Please reduce your request rate.");

    /**
     * A flaky store, for {@link #gate}: every {@code n}th request from now on (counting all of them, whatever they
     * are) is answered with {@code refusal}, the others are forwarded; e.g. {@code everyNth(3, INTERNAL_ERROR)} fails
     * one request in three, {@code everyNth(2, SLOW_DOWN)} throttles every other request.
     */
    public static Function<String, Refusal> everyNth(int n, Refusal refusal) {
        AtomicInteger requests = new AtomicInteger();
        return head -> requests.incrementAndGet() % n == 0 ? refusal : null;
    }

    /** Requests the {@link #gate} answered itself. */
    public int refused() {
        return refused.get();
    }

    /**
     * After {@code count} requests whose request line contains {@code match} went through, {@link #refuse()}. The
     * store's answer to the last of them never reaches the client, however fast the store is: the client cannot
     * know whether the store kept it.
     */
    public void dieAfter(String match, int count) {
        dieOn = match;
        dieAfter.set(count);
    }

    private void startAccepting(ServerSocket listening) {
        daemon(() -> acceptLoop(listening), "fault-proxy").start();
    }

    private void acceptLoop(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                AtomicBoolean muted = new AtomicBoolean();
                daemon(() -> pipe(upstream, client, muted), "proxy-response").start();
                daemon(() -> forwardRequests(client, upstream, muted), "proxy-request").start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Relays the store's answers to the client, dropping them once {@code muted} is set. */
    private void pipe(Socket from, Socket to, AtomicBoolean muted) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (!muted.get()) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // connection closed by either side
        } finally {
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Closes with SO_LINGER 0: the peer sees a TCP reset, as on a broken network path. */
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private void forwardRequests(Socket client, Socket upstream, AtomicBoolean muted) {
        try (client; upstream) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = upstream.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String requestLine = text.substring(0, text.indexOf("\r\n"));
                String lower = text.toLowerCase(Locale.ROOT);
                record(lower.contains("\r\nx-amz-copy-source:") ? requestLine + " [copy]" : requestLine);
                Function<String, Refusal> decide = gate;
                Refusal refusal = decide == null ? null : decide.apply(text);
                if (refusal != null) {
                    refused.incrementAndGet();
                    answer(client, in, lower, refusal);
                    continue;
                }
                out.write(head);
                out.flush();
                long length = contentLength(lower);
                long cut = resetAfterBodyBytes;
                if (cut >= 0 && length > cut) {
                    resetAfterBodyBytes = -1;
                    copy(in, out, cut);
                    out.flush();
                    resets.incrementAndGet();
                    reset(client);
                    reset(upstream);
                    return;
                }
                CountDownLatch h = held;
                if (h != null && length > 0) {
                    try {
                        h.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                long stall = stallAfterBodyBytes;
                if (stall >= 0 && length > stall) {
                    stallAfterBodyBytes = -1;
                    stalls.incrementAndGet();
                    copy(in, out, stall);
                    out.flush();
                    copy(in, OutputStream.nullOutputStream(), length - stall);
                    while (in.read() != -1) {
                        // hold the connection without answering until the client gives up
                    }
                    return;
                }
                String match = dieOn;
                boolean last = match != null && requestLine.contains(match) && dieAfter.decrementAndGet() == 0;
                boolean chunked = lower.contains("\r\ntransfer-encoding: chunked");
                if (last && (length > 0 || chunked)) {
                    muteOnceTheBodyFlows(in, muted);
                } else if (last) {
                    muted.set(true); // no body to wait for: its answer is dropped at once
                }
                if (chunked) {
                    copyChunked(in, out);
                } else if (length > 0) {
                    copyThrottled(in, out, length);
                }
                out.flush();
                forwarded.add(requestLine + " " + Math.max(length, 0));
                if (last) {
                    refuse();
                }
            }
        } catch (IOException ignored) {
            // connection closed
        }
    }

    /**
     * Mutes the answers once the client sends the body: any {@code 100 Continue} it waited for has passed by then,
     * and the store's final answer cannot come before the body's last byte.
     */
    private static void muteOnceTheBodyFlows(InputStream in, AtomicBoolean muted) throws IOException {
        in.mark(1);
        in.read();
        in.reset();
        muted.set(true);
    }

    private static void answer(Socket client, InputStream in, String lowerHead, Refusal refusal) throws IOException {
        OutputStream reply = client.getOutputStream();
        if (lowerHead.contains("\r\nexpect: 100-continue")) {
            reply.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            reply.flush();
        }
        if (lowerHead.contains("\r\ntransfer-encoding: chunked")) {
            copyChunked(in, OutputStream.nullOutputStream());
        } else {
            copy(in, OutputStream.nullOutputStream(), contentLength(lowerHead));
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + refusal.code() + "</Code><Message>"
                + refusal.message() + "</Message><RequestId>fault-proxy</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        reply.write(("HTTP/1.1 " + refusal.status() + " Refused\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        reply.write(body);
        reply.flush();
    }

    private synchronized void record(String requestLine) throws IOException {
        Files.writeString(log, requestLine + "\n", StandardOpenOption.APPEND);
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static long contentLength(String lowerHead) {
        int i = lowerHead.indexOf("\r\ncontent-length:");
        if (i < 0) {
            return 0;
        }
        int end = lowerHead.indexOf("\r\n", i + 2);
        return Long.parseLong(lowerHead.substring(i + 17, end).trim());
    }

    private void copyThrottled(InputStream in, OutputStream out, long n) throws IOException {
        long rate = bytesPerSecond;
        if (rate <= 0) {
            copy(in, out, n);
            return;
        }
        long started = System.nanoTime();
        long sent = 0;
        while (sent < n) {
            long step = Math.min(16 * 1024, n - sent);
            copy(in, out, step);
            sent += step;
            long due = started + sent * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new IOException("client closed mid-body");
            }
            out.write(buffer, 0, r);
            n -= r;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copy(in, out, size + 2);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        if (b == -1) {
            throw new IOException("client closed mid-chunk");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        refuse();
    }
}
