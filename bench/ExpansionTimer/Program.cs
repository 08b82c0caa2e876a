// Usage: ExpansionTimer CONFIG [RUNS] — expands CONFIG into jobs RUNS times (after one warm-up) and prints the
// median time, the job count and the process's peak working set.
using System.Diagnostics;
using Caliban.Core.Experiments;

var config = args[0];
var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
var jobs = Expand(); // warm-up: JIT and file cache
var times = new List<double>();
for (var i = 0; i < runs; i++)
{
    var watch = Stopwatch.StartNew();
    jobs = Expand();
    times.Add(watch.Elapsed.TotalSeconds);
}
times.Sort();
Console.WriteLine($"jobs={jobs} median={times[times.Count / 2]:0.000}s peak_working_set={Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0}MiB");

int Expand()
{
    var experiments = ExperimentConfig.Load(config, Directory.GetCurrentDirectory());
    return JobPlanner.Plan([], [], experiments).Count;
}
