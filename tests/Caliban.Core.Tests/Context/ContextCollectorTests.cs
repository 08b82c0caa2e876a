using Caliban.Core.Context;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Context;

public sealed class ContextCollectorTests : IDisposable
{
    private const string ServiceAccountKey = """{ "type": "service_account", "project_id": "p", "client_email": "a@p.iam" }""";
    private const string UserCredentials = """{ "client_id": "c", "refresh_token": "r", "type": "authorized_user" }""";

    private readonly TempProject _project = new();
    private readonly CapturingLog _log = new();

    public void Dispose() => _project.Dispose();

    private IReadOnlyList<ContextFile> Collect(ContextOptions? options = null, FileHashCache? cache = null) =>
        ContextCollector.Collect(_project.Root, options ?? new ContextOptions(), _log, cache);

    private string[] CollectPaths(ContextOptions? options = null) => Collect(options).Select(f => f.RelativePath).ToArray();

    [Fact]
    public void Roots_LimitTheWalkAndOverlappingRootsCountOnce()
    {
        _project.Write("src/pkg/a.py");
        _project.Write("src/b.py");
        _project.Write("data/x.csv");
        _project.Write("README.md");

        Assert.Equal(
            ["README.md", "src/b.py", "src/pkg/a.py"],
            CollectPaths(new ContextOptions { Roots = ["src/pkg", "src", "README.md", "./src/"] }));
        Assert.Equal(["README.md", "data/x.csv", "src/b.py", "src/pkg/a.py"], CollectPaths(new ContextOptions { Roots = ["src", "."] }));
        Assert.Equal(["README.md", "data/x.csv", "src/b.py", "src/pkg/a.py"], CollectPaths());
    }

    [Fact]
    public void Roots_ThatDoNotExistAreSkippedAndRootsOutsideAreRejected()
    {
        _project.Write("src/a.py");

        Assert.Equal(["src/a.py"], CollectPaths(new ContextOptions { Roots = ["src", "missing"] }));
        Assert.Contains(_log.Details, d => d.Contains("'missing'"));

        var error = Assert.Throws<CalibanException>(() => Collect(new ContextOptions { Roots = ["../elsewhere"] }));
        Assert.Equal(ErrorCodes.ContextRootOutsideProject, error.Code);
        Assert.Contains("../elsewhere", error.Message);
    }

    [Fact]
    public void Files_AreSortedOrdinally()
    {
        foreach (var name in new[] { "a/b.txt", "a.txt", "B.txt", "a-b.txt", "é.txt" })
        {
            _project.Write(name);
        }

        Assert.Equal(["B.txt", "a-b.txt", "a.txt", "a/b.txt", "é.txt"], CollectPaths());
    }

    [Fact]
    public void DefaultExcludes_LeaveOutBuildOutputVcsAndClutter()
    {
        string[] leftOut =
        [
            ".dockerignore", "bin/Debug/x.dll", "obj/project.assets.json", ".git/HEAD", ".hg/store", ".svn/entries",
            "__pycache__/m.cpython-311.pyc", "pkg/__pycache__/m.pyc", "pkg/stale.pyc", ".venv/lib/site.py",
            "nb/.ipynb_checkpoints/a.ipynb", "pkg/.DS_Store",
        ];
        foreach (var path in leftOut)
        {
            _project.Write(path);
        }

        _project.Write("pkg/model.py");
        _project.Write("src/bin/tool.sh"); // only the project's own bin/ is build output

        Assert.Equal(["pkg/model.py", "src/bin/tool.sh"], CollectPaths());
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void WithoutDefaultExcludes_OnlyTheDockerignoreFileAndCredentialsStayOut()
    {
        _project.Write(".dockerignore", "*.log");
        _project.Write("bin/x.dll");
        _project.Write(".git/HEAD");
        _project.Write("pkg/m.pyc");
        _project.Write("run.log");
        _project.Write(".env", "TOKEN=1");

        Assert.Equal([".git/HEAD", "bin/x.dll", "pkg/m.pyc"], CollectPaths(new ContextOptions { UseDefaultExcludes = false }));
        Assert.Single(_log.Warnings);
    }

    [Fact]
    public void Dockerignore_CanReincludeClutterButNotBuildOutput()
    {
        _project.Write(".dockerignore", "!keep.pyc\n!bin/keep.txt\n!.git\ndocs\n");
        _project.Write("keep.pyc");
        _project.Write("other.pyc");
        _project.Write("bin/keep.txt");
        _project.Write(".git/config");
        _project.Write("docs/index.md");
        _project.Write("main.py");

        Assert.Equal(["keep.pyc", "main.py"], CollectPaths());
    }

    [Fact]
    public void ExtraExcludes_ApplyAfterTheDockerignoreFile()
    {
        _project.Write(".dockerignore", "!data/small.csv");
        _project.Write("data/small.csv");
        _project.Write("data/big.csv");
        _project.Write("main.py");

        Assert.Equal(["main.py"], CollectPaths(new ContextOptions { ExtraExcludes = ["data", "# comment"] }));

        var error = Assert.Throws<CalibanException>(() => Collect(new ContextOptions { ExtraExcludes = ["[bad"] }));
        Assert.Equal(ErrorCodes.DockerIgnorePatternInvalid, error.Code);
    }

    [Fact]
    public void ExceptionsBelowAnExcludedDirectory_AreFound()
    {
        _project.Write(".dockerignore", "data\n!**/keep.txt\n");
        _project.Write("data/a/keep.txt");
        _project.Write("data/a/drop.txt");

        Assert.Equal(["data/a/keep.txt"], CollectPaths());
    }

    [Fact]
    public void Credentials_AreLeftOutWithOneWarningEach()
    {
        _project.Write(".env", "TOKEN=1");
        _project.Write("deploy/.env.production", "TOKEN=2");
        _project.Write("certs/server.pem");
        _project.Write("ssh/id_rsa");
        _project.Write("home/.docker/config.json", "{}");
        _project.Write("keys/sa.json", ServiceAccountKey);
        _project.Write("conf/user.json", UserCredentials);
        _project.Write("conf/pk.json", """{"private_key": "-----BEGIN PRIVATE KEY-----"}""");
        _project.Write("gcloud/creds.txt", "anything");
        _project.Write("data/labels.json", """{"type": "dataset", "labels": [{"private_key": 1}]}""");
        _project.Write("data/list.json", """["service_account"]""");
        _project.Write("data/broken.json", "{ not json");
        _project.Write("train.py");

        var files = CollectPaths(new ContextOptions
        {
            Roots = [".", "conf"],
            CredentialsFile = _project.PathOf("gcloud/creds.txt"),
        });

        Assert.Equal(["data/broken.json", "data/labels.json", "data/list.json", "train.py"], files);
        string[] warned =
        [
            ".env", "certs/server.pem", "conf/pk.json", "conf/user.json", "deploy/.env.production", "gcloud/creds.txt",
            "home/.docker/config.json", "keys/sa.json", "ssh/id_rsa",
        ];
        Assert.Equal(warned, _log.Warnings.Select(w => Path.GetRelativePath(_project.Root, w.File!).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.All(_log.Warnings, w =>
        {
            Assert.Equal(ErrorCodes.CredentialExcluded, w.Code);
            Assert.Contains("mount it at run time", w.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("never copied into an image", w.Message);
            Assert.Contains(".dockerignore", w.Message);
        });
        Assert.Contains(_log.Warnings, w => w.Message.StartsWith("'keys/sa.json'", StringComparison.Ordinal));
    }

    [Fact]
    public void Credentials_AlreadyInDockerignore_GiveNoWarning()
    {
        _project.Write(".dockerignore", "*.pem\nkeys/\n");
        _project.Write("server.pem");
        _project.Write("keys/sa.json", ServiceAccountKey);
        _project.Write("main.py");

        Assert.Equal(["main.py"], CollectPaths());
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public void Credentials_CannotBeReincludedOrDisabled()
    {
        _project.Write(".dockerignore", "!*.pem");
        _project.Write("server.pem");

        Assert.Empty(CollectPaths(new ContextOptions { UseDefaultExcludes = false }));
        Assert.Single(_log.Warnings);
    }

    [Fact]
    public void CredentialsFileOutsideTheProject_ChangesNothing()
    {
        _project.Write("creds.txt");

        Assert.Equal(["creds.txt"], CollectPaths(new ContextOptions { CredentialsFile = Path.Combine(Path.GetTempPath(), "creds.txt") }));
    }

    [Fact]
    public void CredentialSniffing_IsCachedForUnchangedFiles()
    {
        _project.Write("keys/sa.json", ServiceAccountKey);
        _project.Write("config.json", """{"lr": 0.1}""");
        var cachePath = _project.PathOf("obj/hashes.json");

        var first = FileHashCache.Load(cachePath);
        Collect(cache: first);
        first.Save(cachePath);
        var second = FileHashCache.Load(cachePath);
        var files = Collect(cache: second);

        Assert.Equal(2, first.SniffedCount);
        Assert.Equal(0, second.SniffedCount);
        Assert.Equal(["config.json"], files.Select(f => f.RelativePath));
        Assert.Equal(2, _log.Warnings.Count); // one per collection
    }

    [Fact]
    public void FileDetails_ComeFromTheFileSystem()
    {
        var path = _project.Write("run.sh", "#!/bin/sh\necho hi\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        _project.Write("empty.txt", "");

        var files = Collect();

        Assert.Equal(new ContextFile("empty.txt", _project.PathOf("empty.txt"), 0, TempProject.PastTime, false), files[0]);
        Assert.Equal(new ContextFile("run.sh", path, 18, TempProject.PastTime, !OperatingSystem.IsWindows()), files[1]);
    }

    [Fact]
    public void Symlinks_ToFilesAreSentAsTheirTargetAndDirectoriesAreNotFollowed()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // creating symlinks needs developer mode there
        }

        _project.Write("real/target.txt", "twelve bytes");
        _project.Write("real/.dockerignore-not", "");
        File.CreateSymbolicLink(_project.PathOf("link.txt"), "real/target.txt");
        Directory.CreateSymbolicLink(_project.PathOf("linkdir"), "real");
        Directory.CreateSymbolicLink(_project.PathOf("real/loop"), "..");
        File.CreateSymbolicLink(_project.PathOf("dangling.txt"), "nowhere.txt");
        File.CreateSymbolicLink(_project.PathOf("self.txt"), "self.txt");

        var files = Collect();

        Assert.Equal(["link.txt", "real/.dockerignore-not", "real/target.txt"], files.Select(f => f.RelativePath));
        var link = files[0];
        Assert.Equal(12, link.Length);
        Assert.Equal(TempProject.PastTime, link.LastWriteTimeUtc);
        Assert.Equal(_project.PathOf("link.txt"), link.FullPath);
        Assert.Contains(_log.Details, d => d.Contains("'linkdir'"));
        Assert.Contains(_log.Details, d => d.Contains("'real/loop'"));
    }

    [Fact]
    public void ExcludedDirectories_AreNotListed()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the probe below is a directory symlink
        }

        _project.Write(".dockerignore", "data\n");
        _project.Write("data/x.csv");
        // Listing data/ would report this link as "not followed"; pruning never sees it.
        Directory.CreateSymbolicLink(_project.PathOf("data/probe"), "..");

        Assert.Empty(Collect());
        Assert.DoesNotContain(_log.Details, d => d.Contains("probe"));
    }
}
