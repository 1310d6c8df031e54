package dingtalktest

// MemberPaging selects how GET …/videoConferences/{id}/members ends its
// pages (Options.MemberPaging). Which form DingTalk uses is UNCONFIRMED:
// the model says only that nextToken and totalCount exist. A tolerant client
// stops at whichever comes first: an empty or absent nextToken, a nextToken
// equal to the one it sent, an empty page, or totalCount members collected.
type MemberPaging int

const (
	// PagingPlain (the default): the last page carries no nextToken (the
	// key is omitted).
	PagingPlain MemberPaging = iota
	// PagingTrailingEmpty: the last page still carries a non-empty
	// nextToken; it leads to an empty page without one.
	PagingTrailingEmpty
	// PagingRepeatToken: the last page's nextToken repeats the token the
	// request carried ("0" when it carried none), so following it returns
	// the same page again, forever.
	PagingRepeatToken
	// PagingEndless: nextToken is never empty, even past the end (where
	// pages are empty); only totalCount tells the client it is done.
	PagingEndless
)

// next is the nextToken of a page that ends at hi of total members; the
// request started at offset and carried token sent. Tokens are offsets.
func (p MemberPaging) next(offset, hi, total int, sent string) string {
	if hi < total {
		return itoa(hi)
	}
	switch p {
	case PagingTrailingEmpty:
		if offset < total {
			return itoa(total)
		}
	case PagingRepeatToken:
		if sent == "" {
			return "0"
		}
		return sent
	case PagingEndless:
		return itoa(total)
	}
	return ""
}
