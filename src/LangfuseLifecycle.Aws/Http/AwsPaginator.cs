using System.Runtime.CompilerServices;

namespace LangfuseLifecycle.Aws.Http;

/// <summary>Follows a listing's continuation token (<c>nextToken</c>, <c>NextToken</c>, <c>Marker</c>, <c>NextMarker</c>) to the last page.</summary>
public static class AwsPaginator
{
    /// <summary>Yields every item of every page. <paramref name="fetchPage"/> receives null for the first page, then each token the previous page returned.</summary>
    public static async IAsyncEnumerable<TItem> PaginateAsync<TResponse, TItem>(
        Func<string?, CancellationToken, Task<TResponse>> fetchPage,
        Func<TResponse, IEnumerable<TItem>?> itemsOf,
        Func<TResponse, string?> nextTokenOf,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentNullException.ThrowIfNull(itemsOf);
        ArgumentNullException.ThrowIfNull(nextTokenOf);
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in itemsOf(page) ?? [])
            {
                yield return item;
            }

            token = nextTokenOf(page);
            if (string.IsNullOrEmpty(token))
            {
                yield break;
            }

            // botocore stops with an error when a service hands back a token it already gave: looping forever is worse than failing.
            if (!seenTokens.Add(token))
            {
                throw new InvalidOperationException($"The listing returned the pagination token '{token}' twice; stopping instead of looping.");
            }
        }
        while (true);
    }

    /// <summary>Collects every item of every page into one list.</summary>
    public static async Task<List<TItem>> ListAllAsync<TResponse, TItem>(
        Func<string?, CancellationToken, Task<TResponse>> fetchPage,
        Func<TResponse, IEnumerable<TItem>?> itemsOf,
        Func<TResponse, string?> nextTokenOf,
        CancellationToken cancellationToken = default)
    {
        var all = new List<TItem>();
        await foreach (var item in PaginateAsync(fetchPage, itemsOf, nextTokenOf, cancellationToken).ConfigureAwait(false))
        {
            all.Add(item);
        }

        return all;
    }
}
