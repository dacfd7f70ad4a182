package dev.umbra.api;

import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** HTTP over a raw socket, for requests no HTTP client sends: bodies announced but not (yet) sent. */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends the headers and only the start of a body, so the answer can only come from the headers
     * (a raw socket, because HTTP clients insist on sending the body they announce).
     */
    public static Response send(String method, String url, List<String> headers, String bodyStart) {
        try (Socket socket = new Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + url + " HTTP/1.1\r\nHost: localhost\r\n"
                    + String.join("", headers.stream().map(h -> h + "\r\n").toList()) + "\r\n" + bodyStart)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            String contentType = "";
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).strip();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new ResponseBuilder().setStatusCode(status).setContentType(contentType)
                    .setBody(new String(body, 0, read)).build();
        } catch (IOException e) {
            throw new AssertionError("the request failed instead of being answered", e);
        }
    }
}
