package io.akosha.sync.cloud;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Requests server-side encryption on every object the sidecar writes, whichever code path writes it: a
 * single PutObject, a CopyObject, and the CreateMultipartUpload that starts a multipart upload (its parts inherit it).
 * {@code AES256} (SSE-S3) by default, {@code aws:kms} with an optional key id (SSE-KMS). The bucket policy in
 * {@code deploy/iam} refuses puts without it.
 */
final class ServerSideEncryption implements ExecutionInterceptor {

    private final software.amazon.awssdk.services.s3.model.ServerSideEncryption algorithm;
    private final String kmsKeyId;

    ServerSideEncryption(CloudConfig.Encryption encryption, String kmsKeyId) {
        this.algorithm = encryption == CloudConfig.Encryption.AWS_KMS
                ? software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS
                : software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256;
        this.kmsKeyId = encryption == CloudConfig.Encryption.AWS_KMS ? kmsKeyId : null;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutObjectRequest put) {
            return put.toBuilder().serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId).build();
        }
        if (request instanceof CopyObjectRequest copy) {
            return copy.toBuilder().serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId).build();
        }
        if (request instanceof CreateMultipartUploadRequest create) {
            return create.toBuilder().serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId).build();
        }
        return request;
    }
}
