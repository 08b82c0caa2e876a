namespace Caliban.Core.Engine;

/// <summary>Receives an image build's progress as the engine reports it, on the caller's request thread, in order.</summary>
public interface IImageBuildObserver
{
    /// <summary>A Dockerfile step starts: "Step <paramref name="number"/>/<paramref name="total"/> : <paramref name="instruction"/>".</summary>
    void OnStep(int number, int total, string instruction);

    /// <summary>One complete line of build output (command output, cache notes, pull status).</summary>
    void OnOutput(string line);
}
