package io.akosha.sync.cloud;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 as the SDK does it, except that every attempt is signed with the credentials valid at that moment.
 * The SDK resolves credentials once per call and signs its retries with the same ones, so a retry after
 * {@code 403 ExpiredToken} would fail again; here the signer asks {@link RefreshableCredentials} for each
 * attempt, so the retry that {@link CredentialExpiry} grants goes out with the refreshed credentials.
 */
final class FreshCredentialsAuthScheme implements AuthScheme<AwsCredentialsIdentity> {

    private final RefreshableCredentials credentials;
    private final Signer signer;

    FreshCredentialsAuthScheme(RefreshableCredentials credentials) {
        this.credentials = credentials;
        this.signer = new Signer(AwsV4HttpSigner.create(), credentials);
    }

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return credentials;
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
    }

    private record Signer(AwsV4HttpSigner delegate, RefreshableCredentials credentials)
            implements HttpSigner<AwsCredentialsIdentity> {

        @Override
        @SuppressWarnings("unchecked")
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            // same request, payload and signer properties; only the identity is the current one
            SignRequest<AwsCredentialsIdentity> same = (SignRequest<AwsCredentialsIdentity>) request;
            return delegate.sign(same.toBuilder().identity(credentials.resolveCredentials()).build());
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return delegate.signAsync(request); // the sidecar's S3 client is synchronous
        }
    }
}
