package dev.umbra.runner.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads image-folder datasets: {@code train/<class>/*.png|jpg|jpeg} and {@code test/<class>/*}, class
 * indices by sorted folder name (the test split must use the training classes). Every image must have
 * the size of the first; the channel count is the first image's (1 for grayscale, else 3 for RGB, alpha
 * dropped) and others are converted to it. Decoding runs in parallel: it happens once, at load.
 */
public final class ImageFolderReader {

    static {
        // ImageIO would otherwise spool every decoded stream through a temporary file.
        ImageIO.setUseCache(false);
    }

    private ImageFolderReader() {
    }

    public static boolean detect(Path dir) {
        return Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
    }

    public static Dataset read(Path dir, String name, String checksum) {
        Path trainDir = dir.resolve("train");
        List<String> classes = subdirectories(trainDir);
        if (classes.isEmpty()) {
            throw new DatasetFormatException(trainDir, "no class folders");
        }
        for (String testClass : subdirectories(dir.resolve("test"))) {
            if (!classes.contains(testClass)) {
                throw new DatasetFormatException(dir.resolve("test").resolve(testClass), "class not in train/");
            }
        }
        List<Path> trainFiles = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<Path> testFiles = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : images(trainDir.resolve(classes.get(c)))) {
                trainFiles.add(f);
                trainLabels.add(c);
            }
            Path testClass = dir.resolve("test").resolve(classes.get(c));
            for (Path f : Files.isDirectory(testClass) ? images(testClass) : List.<Path>of()) {
                testFiles.add(f);
                testLabels.add(c);
            }
        }
        if (trainFiles.isEmpty()) {
            throw new DatasetFormatException(trainDir, "no PNG or JPEG images");
        }
        BufferedImage first = decode(trainFiles.get(0));
        Format format = new Format(first.getRaster().getNumBands() < 3 ? 1 : 3, first.getHeight(), first.getWidth());
        ImageSplit train = readSplit(trainFiles, trainLabels, format);
        ImageSplit test = readSplit(testFiles, testLabels, format);
        return new Dataset(name, DatasetFormat.IMAGE_FOLDER, checksum, classes, train, test);
    }

    private record Format(int channels, int height, int width) {
        int bytes() {
            return channels * height * width;
        }
    }

    private static ImageSplit readSplit(List<Path> files, List<Integer> labels, Format format) {
        byte[] pixels = new byte[files.size() * format.bytes()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            Path file = files.get(i);
            BufferedImage image = decode(file);
            if (image.getWidth() != format.width() || image.getHeight() != format.height()) {
                throw new DatasetFormatException(file, "is " + image.getWidth() + "x" + image.getHeight()
                        + ", the dataset's images are " + format.width() + "x" + format.height());
            }
            writePixels(image, format, pixels, i * format.bytes());
        });
        return new ImageSplit(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), format.channels(),
                format.height(), format.width());
    }

    /** CHW bytes; grayscale images read their raster directly (getRGB would apply a colour-space curve). */
    private static void writePixels(BufferedImage image, Format format, byte[] out, int offset) {
        int plane = format.height() * format.width();
        Raster raster = image.getRaster();
        boolean gray = raster.getNumBands() < 3;
        for (int y = 0; y < format.height(); y++) {
            for (int x = 0; x < format.width(); x++) {
                int p = y * format.width() + x;
                int r;
                int g;
                int b;
                if (gray) {
                    r = raster.getSample(x, y, 0);
                    g = r;
                    b = r;
                } else {
                    int rgb = image.getRGB(x, y);
                    r = (rgb >> 16) & 0xFF;
                    g = (rgb >> 8) & 0xFF;
                    b = rgb & 0xFF;
                }
                if (format.channels() == 1) {
                    out[offset + p] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    out[offset + p] = (byte) r;
                    out[offset + plane + p] = (byte) g;
                    out[offset + 2 * plane + p] = (byte) b;
                }
            }
        }
    }

    private static BufferedImage decode(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new DatasetFormatException(file, "unreadable image (not a PNG or JPEG ImageIO can decode)");
            }
            return image;
        } catch (IOException e) {
            throw new DatasetFormatException(file, "unreadable image (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> subdirectories(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> images(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
