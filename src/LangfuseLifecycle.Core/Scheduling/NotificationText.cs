namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>
/// Text the scaler announces in its events is placed into notification text by EventBridge input transformers, which insert
/// values without escaping them: a double quote, a backslash or a control character would break the message.
/// </summary>
public static class NotificationText
{
    public static bool IsSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !text.Any(character => character is '"' or '\\' || char.IsControl(character));
    }

    /// <summary>Double quotes become single quotes, backslashes slashes, control characters spaces.</summary>
    public static string MakeSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsSafe(text)
            ? text
            : string.Create(text.Length, text, static (span, source) =>
            {
                for (var index = 0; index < source.Length; index++)
                {
                    var character = source[index];
                    span[index] = character switch
                    {
                        '"' => '\'',
                        '\\' => '/',
                        _ when char.IsControl(character) => ' ',
                        _ => character,
                    };
                }
            });
    }
}
