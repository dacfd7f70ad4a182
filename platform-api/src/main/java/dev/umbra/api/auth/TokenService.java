package dev.umbra.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class TokenService {

    /** A token as created: the secret is shown once and never stored. */
    public record MintedToken(long id, String secret) {
    }

    private final Clock clock;

    public TokenService(Clock clock) {
        this.clock = clock;
    }

    /** A platform-wide runner token: it may register runners, claim runs and report for the runs they hold. */
    public MintedToken mintRunnerToken(String name) {
        String secret = Tokens.newSecret(ApiToken.RUNNER);
        ApiToken token = new ApiToken();
        token.kind = ApiToken.RUNNER;
        token.name = name;
        token.tokenHash = Tokens.hash(secret);
        token.createdAt = Instant.now(clock);
        token.persist();
        return new MintedToken(token.id, secret);
    }

    /** The valid (not revoked, not expired) token with this secret. */
    public Optional<ApiToken> verify(String secret) {
        Optional<ApiToken> token = ApiToken.<ApiToken>find("tokenHash", Tokens.hash(secret)).firstResultOptional();
        return token.filter(t -> t.isValidAt(Instant.now(clock)));
    }
}
