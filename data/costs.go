package data

import (
	"fmt"
	"strings"
)

// FindPartner finds an organisation of the project by ID, short name, name or OID (case-insensitive).
func FindPartner(doc *Document, ref string) (*Partner, error) {
	ref = strings.TrimSpace(ref)
	for i := range doc.Partners {
		p := &doc.Partners[i]
		if !p.Deleted && (p.ID == ref || strings.EqualFold(p.ShortName, ref) || strings.EqualFold(p.Name, ref) || (p.OID != "" && strings.EqualFold(p.OID, ref))) {
			return p, nil
		}
	}
	var labels []string
	for _, p := range doc.Partners {
		if !p.Deleted {
			labels = append(labels, p.Label())
		}
	}
	return nil, &NotFoundError{What: "organisation", Ref: ref, Hint: "project " + doc.Project.Acronym + " has " + strings.Join(labels, ", ")}
}

// SaveCost adds a real cost (a new ID when it has none) or changes one, as one validated change.
func (s *Store) SaveCost(projectID string, c Cost) (Cost, error) {
	if c.ID == "" {
		c.ID = s.NewID()
	}
	c.Meta = Meta{}
	action := "add"
	if doc, err := s.Load(projectID, LoadOptions{}); err == nil {
		for _, old := range doc.Costs {
			if old.ID == c.ID {
				action = "edit"
			}
		}
	}
	detail := fmt.Sprintf("%s cost %q of %s EUR", strings.ReplaceAll(c.Kind, "_", " "), c.Description, c.Amount.Euro())
	_, err := s.Import(&Document{Format: Format, Costs: []Cost{c}}, ImportOptions{Project: projectID, Single: true, Action: action, Detail: detail})
	return c, err
}

// DeleteCost leaves a tombstone of the cost with the ID.
func (s *Store) DeleteCost(projectID, id string) (Cost, error) {
	doc, err := s.Load(projectID, LoadOptions{})
	if err != nil {
		return Cost{}, err
	}
	for _, c := range doc.Costs {
		if c.ID == id {
			c.Deleted, c.Rev, c.Updated = true, c.Rev+1, s.now().UTC()
			_, err := s.Import(&Document{Format: Format, Costs: []Cost{c}}, ImportOptions{Project: projectID, Single: true, Action: "delete",
				Detail: fmt.Sprintf("cost %q deleted", c.Description)})
			return c, err
		}
	}
	return Cost{}, &NotFoundError{What: "cost", Ref: id, Hint: "in project " + doc.Project.Acronym + " (costs list shows the IDs)"}
}
