package io.akosha.sync.store;

import java.io.IOException;

/** The store no longer knows a multipart upload (expired, aborted): the object must start over. */
public class UploadGoneException extends IOException {

    public UploadGoneException(String key) {
        super("multipart upload of " + key + " is gone from the store; starting over");
    }
}
