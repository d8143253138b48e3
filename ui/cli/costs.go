package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"partnerdesk/data"
)

// costs runs `costs list|add|delete`: real costs outside the unit costs.
func (a *app) costs(args []string) error {
	if len(args) == 0 {
		return usagef("costs: say list, add or delete")
	}
	switch args[0] {
	case "list":
		return a.costsList(args[1:])
	case "add":
		return a.costsAdd(args[1:])
	case "delete":
		return a.costsDelete(args[1:])
	}
	return usagef("costs: unknown subcommand %q (list, add or delete)", args[0])
}

func (a *app) costsList(args []string) error {
	fs := flags("costs list")
	project := fs.String("project", "", "project")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("costs list", "project", *project); err != nil {
		return err
	}
	_, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tORGANISATION\tKIND\t      AMOUNT\tDESCRIPTION\tID")
	var sum data.Cents
	for _, c := range doc.Costs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%12s\t%s\t%s\n", c.Date, printable(doc.PartnerLabel(c.Partner)), strings.ReplaceAll(c.Kind, "_", " "),
			c.Amount.Euro(), printable(c.Description), c.ID)
		sum += c.Amount
	}
	fmt.Fprintf(tw, "\t\t\t%12s\t%s\t\n", sum.Euro(), plural(len(doc.Costs), "real cost"))
	return tw.Flush()
}

func (a *app) costsAdd(args []string) error {
	fs := flags("costs add")
	project := fs.String("project", "", "project")
	partner := fs.String("partner", "", "organisation (short name, name, OID or ID)")
	kind := fs.String("kind", "", "special_needs or exceptional")
	date := fs.String("date", "", "date YYYY-MM-DD")
	amount := fs.String("amount", "", "the real cost in euro, e.g. 1200.50")
	description := fs.String("description", "", "what the cost was for")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("costs add", "project", *project, "partner", *partner, "kind", *kind, "date", *date, "amount", *amount, "description", *description); err != nil {
		return err
	}
	d, err := data.ParseDate(*date)
	if err != nil {
		return usagef("costs add: --date %v", err)
	}
	var c data.Cents
	if err := c.UnmarshalJSON([]byte(strings.Replace(strings.TrimSpace(*amount), ",", ".", 1))); err != nil {
		return usagef("costs add: --amount %q is not an amount in euro with at most two decimals", *amount)
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	org, err := data.FindPartner(doc, *partner)
	if err != nil {
		return err
	}
	saved, err := s.SaveCost(doc.Project.ID, data.Cost{Partner: org.ID, Kind: *kind, Date: d, Amount: c, Description: *description})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "added %s cost of %s EUR for %s (%s)\n", strings.ReplaceAll(saved.Kind, "_", " "), saved.Amount.Euro(), printable(org.Label()), saved.ID)
	return nil
}

func (a *app) costsDelete(args []string) error {
	fs := flags("costs delete")
	project := fs.String("project", "", "project")
	id := fs.String("id", "", "the cost's ID (costs list shows them)")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := need("costs delete", "project", *project, "id", *id); err != nil {
		return err
	}
	s, doc, err := a.projectDoc(*project)
	if err != nil {
		return err
	}
	c, err := s.DeleteCost(doc.Project.ID, *id)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "deleted cost %q (%s EUR)\n", printable(c.Description), c.Amount.Euro())
	return nil
}
