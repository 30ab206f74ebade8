/**
 * Types that stay fast: the Chinook mappers registered, and finds with populate paths three
 * relations deep, through the self-reference of Employee and the cycles Customer → Invoice →
 * Customer and Album → Track → Album. Its own program (tsconfig.json here), because registering
 * mappers is program-wide: the project's other Chinook specs are typed as unregistered code.
 * spec/types/loaded-chinook.spec.ts compiles it: no error, no "excessively deep", and a budget
 * of instantiations.
 */
import {
  type Album,
  Artist,
  Customer,
  Employee,
  Invoice,
  Playlist,
  type Track,
} from '../../../fixtures/chinook/entities';
import type { EntityManager, Loaded, PopulatePath } from '../../../lib';

declare module 'tabula-orm' {
  interface RegisteredMappers {
    chinook: typeof import('../../../fixtures/chinook/mappers');
  }
}

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Equal<A, B>) => undefined;

export async function threeLevels(em: EntityManager) {
  const [customer] = await em.find(Customer, {}, { populate: ['invoices.lines.track', 'supportRep.reportsTo'] });
  customer?.invoices[0]?.lines[0]?.track.name;
  customer?.supportRep?.reportsTo?.lastName;
  // @ts-expect-error the track's album is not in the path
  customer?.invoices[0]?.lines[0]?.track.album?.title;
  // @ts-expect-error an embeddable is not a relation
  await em.find(Customer, {}, { populate: ['invoices.billing'] });

  const [artist] = await em.find(Artist, {}, { populate: ['albums.tracks.genre', 'albums.tracks.mediaType'] });
  artist?.albums[0]?.tracks[0]?.genre?.name;
  // @ts-expect-error the tracks' invoice lines are no relation of Track here
  await em.find(Artist, {}, { populate: ['albums.tracks.lines'] });

  const boss = await em.findOneOrFail(Employee, 1, { populate: ['reports.reports.customers', 'reportsTo'] });
  boss.reports[0]?.reports[0]?.customers[0]?.email;
  // @ts-expect-error three levels down, the customers' invoices were not populated
  boss.reports[0]?.reports[0]?.customers[0]?.invoices.length;

  const [playlist] = await em.find(Playlist, {}, { populate: ['entries.track.album.artist'] });
  playlist?.entries[0]?.track.album?.artist.name;

  const line = await em.populate(await em.findOneOrFail(Invoice, 1), ['lines.track.album', 'customer']);
  line.lines[0]?.track.album?.title.length;
  line.customer.firstName;
}

// Every path of a class with cycles, four levels deep, is one finite union.
export const albumPaths: PopulatePath<Album>[] = ['artist.albums.tracks.genre', 'tracks.album.artist.albums'];
same<Loaded<Track, 'album.artist'>['album'], Loaded<Album, 'artist'> | null>(true);
