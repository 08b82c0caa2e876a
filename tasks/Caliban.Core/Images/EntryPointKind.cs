namespace Caliban.Core.Images;

/// <summary>How the image runs the user's code: `python -m`, `python file.py` or `/bin/bash file`.</summary>
public enum EntryPointKind
{
    Module,
    PythonScript,
    ShellScript,
}
