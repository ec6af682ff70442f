package io.akosha.sync.upload;

import io.akosha.sync.store.ObjectStore;
import io.akosha.sync.store.StoredPart;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.ObjectProgress.PartDone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where an object's earlier attempt left off, reconciled with what the store holds: the run of recorded parts the
 * store still has (checked with ListParts) is kept and the input resumes after them; parts the store holds beyond
 * that run are offered for reuse. An upload the store no longer knows starts over, unless the object is already
 * whole (the process died between completing and recording it); one cut differently is aborted first.
 *
 * @param uploadId multipart upload to continue; null to start a new one
 * @param kept     parts kept, in number order
 * @param held     parts the store holds beyond the kept run, by number
 * @param complete the object is already whole: nothing more to send
 */
record Resumption(String uploadId, List<PartDone> kept, Map<Integer, HeldPart> held, boolean complete) {

    private static final Logger LOG = Logger.getLogger(Resumption.class);
    static final Resumption FRESH = new Resumption(null, List.of(), Map.of(), false);

    long inputOffset() {
        return kept.isEmpty() ? 0 : kept.get(kept.size() - 1).inputEnd();
    }

    long storedBytes() {
        return kept.stream().mapToLong(PartDone::size).sum();
    }

    static Resumption reconcile(ObjectStore store, PendingAborts aborts, String key, Resumable resumable)
            throws IOException {
        ObjectProgress earlier = resumable.log().find(key)
                .filter(o -> o.multipartId() != null && !o.complete()).orElse(null);
        if (earlier == null) {
            return FRESH;
        }
        if (!resumable.cutting().equals(earlier.cutting())) {
            LOG.infof("Multipart upload of %s was cut differently; starting over", key);
            aborts.abortOrKeep(key, earlier.multipartId());
            return FRESH;
        }
        Optional<Map<Integer, StoredPart>> listed = store.listParts(key, earlier.multipartId());
        if (listed.isEmpty()) {
            if (completedEarlier(store, key, earlier, resumable.inputSize())) {
                LOG.infof("Multipart upload of %s had completed before the restart", key);
                return new Resumption(earlier.multipartId(), earlier.parts(), Map.of(), true);
            }
            LOG.infof("Multipart upload of %s is gone from the store; starting over", key);
            return FRESH;
        }
        Resumption resumed = keep(earlier, listed.get());
        LOG.infof("Resuming multipart upload of %s after %d parts (%d input bytes, %d held beyond)", key,
                resumed.kept().size(), resumed.inputOffset(), resumed.held().size());
        return resumed;
    }

    private static Resumption keep(ObjectProgress earlier, Map<Integer, StoredPart> listed) {
        List<PartDone> kept = new ArrayList<>();
        long inputStart = 0;
        for (PartDone part : earlier.parts()) {
            StoredPart there = listed.get(part.number());
            boolean next = part.number() == kept.size() + 1 && part.inputStart() == inputStart;
            if (!next || there == null || !StoredPart.sameEtag(there.etag(), part.etag())
                    || there.size() != part.size()) {
                break;
            }
            kept.add(part);
            inputStart = part.inputEnd();
        }
        Map<Integer, HeldPart> held = new HashMap<>();
        for (StoredPart there : listed.values()) {
            if (there.number() > kept.size()) {
                String recordedCrc = earlier.parts().stream()
                        .filter(p -> p.number() == there.number() && StoredPart.sameEtag(p.etag(), there.etag()))
                        .map(PartDone::crc32c).findFirst().orElse(null);
                held.put(there.number(), HeldPart.of(there, recordedCrc));
            }
        }
        return new Resumption(earlier.multipartId(), kept, held, false);
    }

    /** The upload is gone, but the object is there with exactly the bytes of every recorded part. */
    private static boolean completedEarlier(ObjectStore store, String key, ObjectProgress earlier, long inputSize)
            throws IOException {
        List<PartDone> recorded = earlier.parts();
        if (recorded.isEmpty() || recorded.get(recorded.size() - 1).inputEnd() != inputSize) {
            return false;
        }
        long size = recorded.stream().mapToLong(PartDone::size).sum();
        return store.head(key).orElse(-1) == size;
    }
}
