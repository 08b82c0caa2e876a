using System.Text.RegularExpressions;

namespace Caliban.Core.Interactive;

/// <summary>Where a started notebook answers: the host URL with Jupyter's token, and its parts.</summary>
/// <param name="Url">http://127.0.0.1:PORT/?token=… (or /lab?token=… for JupyterLab).</param>
public sealed record NotebookAddress(Uri Url, int Port, string Token);

/// <summary>Finds the address with its token in Jupyter's log lines (notebook 6/7, jupyter_server, JupyterLab).</summary>
public static partial class JupyterAddress
{
    /// <summary>
    /// The address in <paramref name="line"/> for a server listening on <paramref name="port"/>, rewritten to
    /// 127.0.0.1 (where the port is published on the host); null when the line names none.
    /// </summary>
    public static NotebookAddress? TryParse(string line, int port)
    {
        foreach (Match match in UrlWithToken().Matches(line))
        {
            if (int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) != port)
            {
                continue;
            }

            var path = match.Groups["path"].Value;
            var token = match.Groups["token"].Value;
            return new NotebookAddress(new Uri($"http://127.0.0.1:{port}{(path.Length == 0 ? "/" : path)}?token={token}"), port, token);
        }

        return null;
    }

    [GeneratedRegex(@"https?://[^\s/:]+:(?<port>\d{1,5})(?<path>/[^\s?]*)?\?token=(?<token>[0-9A-Za-z_-]+)")]
    private static partial Regex UrlWithToken();
}
