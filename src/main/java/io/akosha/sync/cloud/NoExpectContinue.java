package io.akosha.sync.cloud;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Takes away the {@code Expect: 100-continue} the SDK puts on every PutObject and UploadPart. A store that refuses
 * such a request before its body (S3Proxy's 501 to an SSE header) and keeps the connection leaves the JDK's
 * URL-connection client a connection on which the next request is read as the missing body: it then stalls until
 * the socket timeout. Without the expectation the body follows the headers at once; a
 * refused request costs its body's bytes (one part at most), never a stalled upload.
 */
final class NoExpectContinue implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        return request.firstMatchingHeader("Expect").isPresent() ? request.toBuilder().removeHeader("Expect").build()
                : request;
    }
}
