// The Post contract: one collected post (a tweet or a replayed record) as every source, bus and store sees it.

/** A post as stored in `raw_posts`; sources normalise their payloads to this shape. */
export interface Post {
  /** Stable id from the source (tweet id as a decimal string). */
  id: string;
  /** ISO-8601 creation time. */
  createdAt: string;
  /** Full text (extended / note tweet text where the source has it). */
  text: string;
  /** Where the post came from, e.g. 'twitter-v2', 'replay:file.jsonl'. */
  source: string;
  /** Client / app that posted it, if known (Twitter's `source` field). */
  client?: string | null;
  lang?: string | null;
  authorId?: string | null;
  /** Every URL the post shares, expanded (unwound where possible). */
  expandedUrls: string[];
  /** Media URLs (photos: url; videos / GIFs: preview_image_url). */
  mediaUrls: string[];
  /** Ids of referenced tweets, with their relation ('retweeted' | 'quoted' | 'replied_to'). */
  referencedTweets?: Array<{ type: string; id: string }>;
  /** The source payload, kept whole (stored as jsonb). */
  payload: unknown;
}

/** A data point that labeling functions see: an id, a text and any other fields. */
export interface DataPoint {
  id: string;
  text: string;
  [field: string]: unknown;
}
