package io.akosha.sync.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where uploads go, shaped like Litestream's ReplicaClient: the bucket-like operations of one store and nothing
 * more. It keeps no upload state: which parts were confirmed, how input was cut and what to resume is the upload
 * pipeline's ({@code io.akosha.sync.upload}). Objects become visible only when put or completed whole; readers
 * never see part of one. An adapter is a {@code @Named} bean whose name is a value of
 * {@code akosha.destination.type}.
 */
public interface ObjectStore {

    /** Short name shown in a sync's {@code delivered_via}: the adapter's {@code akosha.destination.type}. */
    String name();

    /** Where the objects are, for a person: {@code s3://bucket}, a directory; never a credential. */
    default String location() {
        return name();
    }

    /** A cheap check that the store is there and writable (readiness); throws when it is not. */
    void probe() throws IOException;

    /** Writes a whole object in one request. */
    void put(String key, PartBody body, String contentType) throws IOException;

    /** Starts a multipart upload of {@code key}; returns its id. */
    String createMultipart(String key, String contentType) throws IOException;

    /**
     * Stores part {@code number} (from 1) of an upload; returns its ETag.
     *
     * @throws UploadGoneException the store no longer knows the upload (expired, aborted)
     */
    String uploadPart(String key, String uploadId, int number, PartBody body) throws IOException;

    /** The parts the store holds for an upload in progress, by number; empty when it knows no such upload. */
    Optional<Map<Integer, StoredPart>> listParts(String key, String uploadId) throws IOException;

    /**
     * Makes the object visible from these parts, in number order.
     *
     * @throws UploadGoneException the store no longer knows the upload
     */
    void complete(String key, String uploadId, List<StoredPart> parts) throws IOException;

    /** Gives up an upload and its parts; an upload the store no longer knows is not an error. */
    void abort(String key, String uploadId) throws IOException;

    /** Multipart uploads in progress under {@code prefix}. */
    List<MultipartUpload> listMultiparts(String prefix) throws IOException;

    /** Keys of the visible objects under {@code prefix}, in key order. */
    List<String> list(String prefix) throws IOException;

    /**
     * Copies a visible object to {@code target} inside the store (no bytes through the sidecar); {@code target}
     * becomes visible whole, with the same bytes, content type and checksum.
     */
    void copy(String source, String target) throws IOException;

    /** Streams one object; the caller closes the stream. */
    InputStream read(String key) throws IOException;

    /** Size of a visible object; empty when there is none. */
    OptionalLong head(String key) throws IOException;
}
