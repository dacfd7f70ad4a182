package dev.umbra.api.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The embedded PostgreSQL's superuser password: random, made at the first start and kept in a
 * file only its owner can read, beside (not inside) the data directory, so a copy of the data
 * directory alone does not carry it.
 */
final class DatabasePassword {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabasePassword() {
    }

    /** The password file of a data directory: {@code <data-dir>.password}. */
    static Path fileOf(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".password");
    }

    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[24];
                RANDOM.nextBytes(secret);
                Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part", ownerOnly());
                Files.writeString(partial, HexFormat.of().formatHex(secret) + "\n");
                try {
                    // A link, not a move: atomic, and it never replaces a password another start wrote meanwhile.
                    Files.createLink(file, partial);
                } catch (FileAlreadyExistsException e) {
                    // that start's password stands
                } finally {
                    Files.delete(partial);
                }
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the database password file " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
