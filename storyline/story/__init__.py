"""The story being tracked: which articles belong to it, how quotes travel, and what changed since a moment.

- `membership`: relevance of every article to the story (wording, shared entities, time), adapted as it grows;
- `decisions`: the analyst's accept/reject decisions, kept in a small file beside the store;
- `lineage`: the same quote as carried by several outlets, with its variants and earliest appearance;
- `changes`: new speakers, entities, dated events, quotes and outlets since a moment.
"""
