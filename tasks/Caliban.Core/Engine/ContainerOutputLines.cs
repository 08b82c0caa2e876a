using System.Text;
using Docker.DotNet;

namespace Caliban.Core.Engine;

/// <summary>
/// Turns a container's multiplexed stdout/stderr frames into whole lines. Each stream keeps its own UTF-8 decoder and
/// unfinished line, since frames split anywhere (even inside a character) and the two streams interleave. A '\r'
/// redraws the line (progress bars), so only the text after a line's last '\r' is kept, as a terminal would show it.
/// </summary>
internal sealed class ContainerOutputLines
{
    private readonly StreamLines stdout = new();
    private readonly StreamLines stderr = new();

    /// <summary>Adds one frame and returns the lines it completes, in order.</summary>
    public IReadOnlyList<string> Append(MultiplexedStream.TargetStream target, ReadOnlySpan<byte> frame) =>
        (target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Append(frame);

    /// <summary>The unfinished last line of each stream (stdout first), so output without a final newline is not lost.</summary>
    public IReadOnlyList<string> Flush() => [.. stdout.Flush(), .. stderr.Flush()];

    private sealed class StreamLines
    {
        private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
        private readonly StringBuilder pending = new();

        public IReadOnlyList<string> Append(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[decoder.GetCharCount(bytes, flush: false)];
            decoder.GetChars(bytes, chars, flush: false);
            return Split(chars);
        }

        public IReadOnlyList<string> Flush()
        {
            var chars = new char[decoder.GetCharCount([], flush: true)];
            decoder.GetChars([], chars, flush: true);
            var lines = new List<string>(Split(chars));
            if (pending.Length > 0)
            {
                lines.Add(TakeLine());
            }

            return lines;
        }

        private List<string> Split(ReadOnlySpan<char> chars)
        {
            var lines = new List<string>();
            foreach (var c in chars)
            {
                if (c == '\n')
                {
                    lines.Add(TakeLine());
                }
                else
                {
                    pending.Append(c);
                }
            }

            return lines;
        }

        private string TakeLine()
        {
            var raw = pending.ToString().TrimEnd('\r');
            pending.Clear();
            return raw[(raw.LastIndexOf('\r') + 1)..];
        }
    }
}
