package dev.umbra.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A response body written to a file as it arrives, its SHA-256 computed on a thread of its own: the
 * hash of one chunk overlaps the network read and the file write of the next, so a checked download
 * runs at the slower of the network and SHA-256 rather than at their sum. The client's buffers go to
 * the file and to the hash as they are, with no copy into an array of ours and no hand-over of each
 * chunk to the caller's thread (as reading {@code BodyHandlers.ofInputStream()} needs). The body is
 * the hex SHA-256 of what was written.
 *
 * <p>At most {@link #MAX_QUEUED} chunks wait for the hash: past that, no more is requested from the
 * connection until the hash catches up, so a fast network never buffers a large file in memory.
 */
final class HashingFileSubscriber implements HttpResponse.BodySubscriber<String> {

    /** The client delivers chunks of some 16 KB: this bounds what waits for the hash to a few MB. */
    static final int MAX_QUEUED = 256;
    private static final List<ByteBuffer> END = List.of();

    /** Writing the file failed: this machine's failure (a full disk), not the network's. */
    static final class FileWriteException extends IOException {
        FileWriteException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Path file;
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final BlockingQueue<List<ByteBuffer>> toHash = new LinkedBlockingQueue<>();
    /** Chunks written and not yet hashed; the one request outstanding is owed by whoever takes it below the cap. */
    private final AtomicInteger queued = new AtomicInteger();
    private final MessageDigest digest;
    private FileChannel out;
    private Flow.Subscription subscription;
    private volatile boolean failed;

    HashingFileSubscriber(Path file) {
        this.file = file;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        try {
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            s.cancel();
            body.completeExceptionally(new FileWriteException(e));
            return;
        }
        Thread hasher = new Thread(this::hash, "umbra-download-sha256");
        hasher.setDaemon(true);
        hasher.start();
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        if (failed) {
            return;
        }
        try {
            ByteBuffer[] buffers = new ByteBuffer[chunk.size()];
            ByteBuffer[] forHash = new ByteBuffer[chunk.size()];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = chunk.get(i).duplicate(); // the hash reads the same bytes from its own position
                forHash[i] = chunk.get(i);
            }
            long left = 0;
            for (ByteBuffer b : buffers) {
                left += b.remaining();
            }
            while (left > 0) {
                left -= out.write(buffers);
            }
            toHash.add(List.of(forHash));
        } catch (IOException e) {
            fail(new FileWriteException(e));
            subscription.cancel();
            return;
        }
        if (queued.incrementAndGet() < MAX_QUEUED) {
            subscription.request(1);
        } // else the hash thread requests the next chunk once it takes this count below the cap
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public void onComplete() {
        try {
            out.close();
        } catch (IOException e) {
            fail(new FileWriteException(e));
            return;
        }
        toHash.add(END);
    }

    private void fail(Throwable error) {
        failed = true;
        closeQuietly();
        body.completeExceptionally(error);
        toHash.add(END);
    }

    private void hash() {
        try {
            while (true) {
                List<ByteBuffer> chunk = toHash.take();
                if (chunk == END) {
                    if (!failed) {
                        body.complete(HexFormat.of().formatHex(digest.digest()));
                    }
                    return;
                }
                for (ByteBuffer b : chunk) {
                    digest.update(b);
                }
                if (queued.getAndDecrement() == MAX_QUEUED && !failed) {
                    subscription.request(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // failing already; the caller removes the file
        }
    }
}
