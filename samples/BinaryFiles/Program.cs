// Binary files: upload bytes (base64 on the wire) and download a file the sandbox produced.
using System.Security.Cryptography;
using Sockt;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();

// A local "model.bin" to upload (a temporary folder keeps the working directory clean).
var local = Directory.CreateTempSubdirectory("sockt-binary-files-").FullName;
await File.WriteAllBytesAsync(Path.Combine(local, "model.bin"), RandomNumberGenerator.GetBytes(64 * 1024));

// As in Python: base64-encode, then write with encoding "base64".
var encoded = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(local, "model.bin")));
await sandbox.WriteFileAsync("model.bin", encoded, encoding: FileEncoding.Base64);
// The same in one call: await sandbox.WriteFileAsync("model.bin", bytes) (there is a Stream overload too).

// The sandbox makes an image (a 1x1 PNG) to download.
await sandbox.ExecAsync("echo iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg== | base64 -d > output.png");

var b64Content = await sandbox.ReadFileAsync("output.png", encoding: FileEncoding.Base64);
await File.WriteAllBytesAsync(Path.Combine(local, "output.png"), Convert.FromBase64String(b64Content));
// The same in one call: byte[] png = await sandbox.ReadFileBytesAsync("output.png").

// Not in the Python example: show that both directions kept every byte.
var png = await File.ReadAllBytesAsync(Path.Combine(local, "output.png"));
Console.WriteLine($"output.png: {png.Length} bytes, PNG signature {(png.AsSpan(1, 3).SequenceEqual("PNG"u8) ? "ok" : "MISSING")}");
var roundTrip = await sandbox.ReadFileBytesAsync("model.bin");
var original = await File.ReadAllBytesAsync(Path.Combine(local, "model.bin"));
Console.WriteLine($"model.bin: {roundTrip.Length} bytes, round trip {(roundTrip.AsSpan().SequenceEqual(original) ? "identical" : "DIFFERENT")}");

Directory.Delete(local, recursive: true);
await sandbox.TerminateAsync();
