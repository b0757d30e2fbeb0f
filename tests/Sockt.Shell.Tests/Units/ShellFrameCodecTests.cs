using System.Text;
using System.Text.Json;

namespace Sockt.Shell.Tests.Units;

public sealed class ShellFrameCodecTests
{
    [TestCase("{\"type\":\"stdout\",\"data\":\"hi\\n\"}", "stdout", "hi\n")]
    [TestCase("{\"type\":\"stderr\",\"data\":\"oops\"}", "stderr", "oops")]
    [TestCase("  {\"data\":\"x\",\"type\":\"error\",\"extra\":1}", "error", "x")]
    [TestCase("{\"type\":\"deposit_required\",\"data\":null}", "deposit_required", "")]
    [TestCase("{\"type\":\"out_of_balance\"}", "out_of_balance", "")]
    [TestCase("{\"type\":\"something_new\",\"data\":\"kept\"}", "something_new", "kept")]
    public void Json_frames_decode_to_their_type_and_data(string message, string type, string data)
    {
        Assert.That(ShellFrameCodec.DecodeText(message), Is.EqualTo(new ShellFrame(type, data)));
    }

    [TestCase("")]
    [TestCase("hello world")]
    [TestCase("{not json")]
    [TestCase("{\"data\":\"no type\"}")]
    [TestCase("{\"type\":7,\"data\":\"x\"}")]
    [TestCase("{\"type\":\"stdout\",\"data\":{\"nested\":true}}")]
    [TestCase("{\"type\":\"stdout\",\"data\":[1]}")]
    [TestCase("\"just a string\"")]
    public void Anything_else_is_raw_stdout_carrying_the_message_text(string message)
    {
        Assert.That(ShellFrameCodec.DecodeText(message), Is.EqualTo(new ShellFrame(ShellFrameType.Stdout, message)));
    }

    [Test]
    public void Input_frames_are_valid_json_with_control_characters_escaped()
    {
        var frame = ShellFrameCodec.EncodeInput("a\u0003\"\\ é\n").Single();

        using var document = JsonDocument.Parse(frame);
        Assert.That(document.RootElement.GetProperty("type").GetString(), Is.EqualTo("input"));
        Assert.That(document.RootElement.GetProperty("data").GetString(), Is.EqualTo("a\u0003\"\\ é\n"));
        Assert.That(frame, Does.Contain("\\u0003"));
    }

    [Test]
    public void Resize_frames_carry_integers()
    {
        Assert.That(ShellFrameCodec.EncodeResize(120, 40), Is.EqualTo("{\"type\":\"resize\",\"cols\":120,\"rows\":40}"));
    }

    [Test]
    public void Empty_input_produces_no_frame()
    {
        Assert.That(ShellFrameCodec.EncodeInput(string.Empty), Is.Empty);
    }

    [Test]
    public void Splitting_never_cuts_a_surrogate_pair_and_respects_the_byte_limit()
    {
        // 4095 ASCII bytes then a 4-byte emoji: the emoji must move whole to the next piece.
        var text = new string('a', 4095) + "😀" + "tail";

        var pieces = ShellFrameCodec.SplitUtf8(text, 4096).ToList();

        Assert.That(pieces, Has.Count.EqualTo(2));
        Assert.That(pieces[0], Has.Length.EqualTo(4095));
        Assert.That(pieces[1], Does.StartWith("😀"));
        Assert.That(pieces.Select(p => Encoding.UTF8.GetByteCount(p)), Has.All.LessThanOrEqualTo(4096));
        Assert.That(string.Concat(pieces), Is.EqualTo(text));
    }
}
