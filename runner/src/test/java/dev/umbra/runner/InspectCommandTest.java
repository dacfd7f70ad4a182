package dev.umbra.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.sample.BundledSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code umbra-runner inspect}: what a dataset directory holds, read by the readers a run uses. */
class InspectCommandTest {

    @TempDir
    Path dir;

    @Test
    void anIdxDatasetIsDescribedByItsFilesWithNumberedClasses() {
        Path sample = dir.resolve("digits");
        BundledSample.extractTo(sample);
        Inspection inspection = inspect(sample.toString(), "--register-options");
        assertThat(inspection.exitCode).as(inspection.err).isZero();
        assertThat(inspection.out.lines()).containsExactly("--format", BundledSample.FORMAT,
                "--classes", Integer.toString(BundledSample.CLASS_NAMES.size()),
                "--channels", Integer.toString(BundledSample.CHANNELS),
                "--height", Integer.toString(BundledSample.HEIGHT), "--width", Integer.toString(BundledSample.WIDTH),
                "--train-count", Integer.toString(BundledSample.TRAIN_COUNT),
                "--test-count", Integer.toString(BundledSample.TEST_COUNT));
    }

    @Test
    void anImageFolderDatasetNamesItsClassesFromItsFoldersInLabelOrder() throws IOException {
        png(dir.resolve("train/zebra/a.png"));
        png(dir.resolve("train/zebra/b.png"));
        png(dir.resolve("train/ant lion/c.png"));
        png(dir.resolve("test/zebra/d.png"));
        Inspection inspection = inspect(dir.toString());
        assertThat(inspection.exitCode).as(inspection.err).isZero();
        assertThat(inspection.out).contains("image-folder, 2 classes, 3x6x7, train 3, test 1, classes ant lion, zebra")
                .contains("register it with: umbra datasets add NAME " + dir + " --format image-folder --classes 2"
                        + " --channels 3 --height 6 --width 7 --train-count 3 --test-count 1"
                        + " --class-name 'ant lion' --class-name zebra");
        assertThat(inspect(dir.toString(), "--register-options").out.lines())
                .containsSubsequence("--class-name", "ant lion", "--class-name", "zebra");
    }

    @Test
    void aDirectoryARunCouldNotReadIsRefusedWithTheReason() throws IOException {
        png(dir.resolve("train/x/a.png"));
        Files.write(dir.resolve("train/x/broken.png"), new byte[] {1, 2, 3});
        Files.createDirectories(dir.resolve("test"));
        Inspection broken = inspect(dir.toString());
        assertThat(broken.exitCode).isEqualTo(2);
        assertThat(broken.err).startsWith("cannot read the dataset: ").contains("broken.png");
        assertThat(broken.out).isEmpty();

        Inspection unknown = inspect(dir.resolve("train/x").toString());
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("unknown dataset layout");
    }

    private static void png(Path file) throws IOException {
        BufferedImage image = new BufferedImage(7, 6, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0x336699);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private record Inspection(int exitCode, String out, String err) {
    }

    private static Inspection inspect(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = RunnerMain.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "inspect";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = line.execute(all);
        return new Inspection(code, out.toString(), err.toString());
    }
}
