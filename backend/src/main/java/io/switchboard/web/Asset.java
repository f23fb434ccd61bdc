package io.switchboard.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.jar.JarEntry;
import org.eclipse.jetty.http.MimeTypes;

/**
 * One static file read from the class path (the jar, or a classes folder in tests), with the headers it is
 * served with. {@code contentType} is null where Jetty's table has no type for the name.
 */
record Asset(byte[] bytes, String contentType, String etag, String cacheControl) {

    /** Reads {@code name} from the class path; null if it is not there or is a folder. */
    static Asset load(ClassLoader loader, String name, String cacheControl) {
        URL url = loader.getResource(name);
        if (url == null) {
            return null;
        }
        try {
            URLConnection connection = url.openConnection();
            String path; // what the ETag is made of, as Jetty made it: the file's absolute path
            long modified;
            if (connection instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry(); // "web/static" finds the folder's entry "web/static/"
                if (entry.isDirectory()) {
                    return null;
                }
                path = "/" + entry.getName(); // the path inside the jar, as the zip file system named it
                modified = entry.getLastModifiedTime().toMillis();
            } else if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                if (!Files.isRegularFile(file)) {
                    return null;
                }
                path = file.toAbsolutePath().toString();
                modified = Files.getLastModifiedTime(file).toMillis();
            } else {
                return null; // the gateway runs from a jar or from classes folders, nothing else
            }
            byte[] bytes;
            try (InputStream in = connection.getInputStream()) {
                bytes = in.readAllBytes();
            }
            String type = MimeTypes.DEFAULTS.getMimeByExtension(name);
            return new Asset(bytes, type, weakEtag(path, modified, bytes.length), cacheControl);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the class path", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Jetty's weak ETag for a file (EtagUtils): the modification time and the size, each XORed with the hash of
     * the path and written as 8 big-endian bytes in unpadded base64. Kept so that an upgrade from the version
     * that served these through Jetty's resource handler does not make every browser fetch them again.
     */
    static String weakEtag(String path, long modifiedMillis, long size) {
        long hash = path.hashCode(); // sign-extended, as Jetty's long ^ int
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "W/\"" + base64.encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(modifiedMillis ^ hash).array())
                + base64.encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(size ^ hash).array()) + "\"";
    }
}
