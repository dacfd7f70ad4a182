package dev.umbra.api.auth;

import dev.umbra.api.common.ClusterSingleton;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.team.AppUser;
import dev.umbra.api.team.Passwords;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.api.team.Role;
import dev.umbra.api.team.TeamMember;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * The embedded default stays one command: at first start (no user yet) it creates the user
 * {@code admin}, admin of the team {@code default} and platform administrator, with a password for the portal and an API
 * token. Both are printed once to the console (never to the log) and written, readable only by
 * the owner, to {@code <data-dir>/admin-token} and {@code admin-password}, where the CLI and
 * local tools find them. Replicas starting together on an empty database take turns
 * ({@link ClusterSingleton#awaitTurn}), so exactly one creates the admin and the others see it.
 */
@ApplicationScoped
public class AdminBootstrap {

    public static final String USERNAME = "admin";
    public static final String TOKEN_FILE = "admin-token";
    public static final String PASSWORD_FILE = "admin-password";
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final TokenService tokens;
    private final CurrentTeam team;
    private final UmbraConfig config;
    private final ClusterSingleton singleton;

    public AdminBootstrap(TokenService tokens, CurrentTeam team, UmbraConfig config, ClusterSingleton singleton) {
        this.tokens = tokens;
        this.team = team;
        this.config = config;
        this.singleton = singleton;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        singleton.awaitTurn("first-admin");
        if (AppUser.count() > 0) {
            return;
        }
        long teamId = team.defaultId();
        String password = config.auth().bootstrapPassword().orElseGet(Passwords::random);
        AppUser admin = new AppUser();
        admin.username = USERNAME;
        admin.teamId = teamId;
        admin.passwordHash = Passwords.hash(password);
        admin.platformAdmin = true;
        admin.persist();
        TeamMember membership = new TeamMember();
        membership.teamId = teamId;
        membership.userId = admin.id;
        membership.role = Role.ADMIN.id();
        membership.persist();
        String secret = config.auth().bootstrapToken()
                .map(given -> tokens.adoptUserToken(admin, teamId, "first admin token", Role.ADMIN, given))
                .orElseGet(() -> tokens.mintUserToken(admin, teamId, "first admin token", Role.ADMIN, null).secret());
        Path dir = config.embedded().dataDir();
        writePrivate(dir.resolve(TOKEN_FILE), secret);
        writePrivate(dir.resolve(PASSWORD_FILE), password);
        LOG.infof("Created the first admin '%s' of team 'default'; its token and password are in %s", USERNAME, dir);
        // The console, not the log: a secret must not end up in log files or log shippers.
        System.out.printf("%n  Umbra: first start. Sign in to the portal as '%s' with password %s%n"
                        + "  API token (admin, shown once; also in %s): %s%n%n",
                USERNAME, password, dir.resolve(TOKEN_FILE), secret);
    }

    private static void writePrivate(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
